# Install the CLI, the engine libraries with their public headers under include/powerbudget/, the
# bundled profiles under share/powerbudget/profiles, a CMake package (find_package(powerbudget
# CONFIG), targets powerbudget::<name>) and, for the C ABI, a pkg-config file.
#
# Headers: each library's PUBLIC file set is what a server may include, e.g.
#   #include "engine/estimation/fleet/fleet_estimator.hpp"   (include dir: <prefix>/include/powerbudget)
# Headers that are only the implementation's (the JSON reader, the Eigen filter maths, the fleet
# kernel) are PRIVATE sources of their target and are not installed, so nlohmann-json and Eigen
# are no public dependency of what a server links.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(PB_INSTALLED_LIBRARIES pb_models pb_engine pb_lifetime pb_cell pb_campaign pb_validation pb_profile_io pb_timeline
    pb_trace pb_compare pb_estimation pb_telemetry_io pb_fleet_sim)
foreach(target ${PB_INSTALLED_LIBRARIES})
  string(REPLACE "pb_" "" export_name ${target})
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${export_name})
endforeach()
install(TARGETS ${PB_INSTALLED_LIBRARIES} EXPORT powerbudgetTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        FILE_SET HEADERS DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/powerbudget)
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

# The C ABI library: pkg-config for hosts that do not use CMake (pkg-config --cflags --libs
# powerbudget-estimation); CMake hosts get powerbudget::estimation_c from the package above.
# Relocatable: the prefix is found from where the .pc file lies (pkg-config's ${pcfiledir}).
file(RELATIVE_PATH PB_PC_TO_PREFIX "${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig" "${CMAKE_INSTALL_PREFIX}")
configure_file(cmake/powerbudget-estimation.pc.in ${CMAKE_CURRENT_BINARY_DIR}/powerbudget-estimation.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/powerbudget-estimation.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
