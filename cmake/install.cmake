# Installs the library, the public headers, both tools and a CMake package so that
# `find_package(newsdex)` followed by `target_link_libraries(app newsdex::newsdex)` works.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS newsdex EXPORT newsdexTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS newsdex-index newsdex-search RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY include/newsdex DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES schemas/news.toml DESTINATION ${CMAKE_INSTALL_DATADIR}/newsdex)
install(EXPORT newsdexTargets NAMESPACE newsdex::
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/newsdex)

configure_package_config_file(cmake/newsdexConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/newsdexConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/newsdex)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/newsdexConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/newsdexConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/newsdexConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/newsdex)
