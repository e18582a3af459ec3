# Install the CLI, the libraries, their headers and a CMake package so that a server can
# find_package(powerbudget CONFIG) and link powerbudget::engine.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)
install(TARGETS pb_models pb_engine pb_validation pb_profile_io EXPORT powerbudgetTargets
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
