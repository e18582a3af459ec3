# Install the CLI, the libraries, their headers and a CMake package so that a server can
# find_package(powerbudget CONFIG) and link powerbudget::engine.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)
# Exported as powerbudget::engine, powerbudget::profile_io, ... (the aliases used in this tree).
foreach(target pb_models pb_engine pb_lifetime pb_cell pb_campaign pb_validation pb_profile_io pb_trace pb_compare
               pb_estimation pb_telemetry_io pb_project_options)
  string(REPLACE "pb_" "" export_name ${target})
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${export_name})
endforeach()
install(TARGETS pb_models pb_engine pb_lifetime pb_validation pb_profile_io pb_trace pb_compare
                pb_estimation pb_telemetry_io EXPORT powerbudgetTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        FILE_SET HEADERS DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS powerbudget RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PB_PROFILES_DIR}/ DESTINATION ${CMAKE_INSTALL_DATADIR}/powerbudget/profiles)
install(EXPORT powerbudgetTargets NAMESPACE powerbudget:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/powerbudget)
configure_package_config_file(cmake/powerbudgetConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/powerbudgetConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/powerbudget)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/powerbudgetConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/powerbudgetConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/powerbudgetConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/powerbudget)
