# The embeddable library and its installation (issue #6).
#
# `tandem` (libtandem.so.<major>, SONAME versioned) and `tandem_static` (libtandem.a) are both
# made of every object of tandem_engine and tandem_node, so the source lists stay where they
# are (engine/CMakeLists.txt, node/CMakeLists.txt). Their public interface is only the headers
# in engine/include/tandem and node/include/tandem, which need nothing but the C++ standard
# library: a consumer of the shared library needs no other package. The static one carries its
# dependencies (SQLite, Boost.JSON and ProgramOptions, OpenSSL's libcrypto, Threads) in its
# link interface.
#
# Installed: include/tandem/*.h, lib/libtandem.so*, lib/libtandem.a, lib/cmake/Tandem
# (find_package(Tandem) -> Tandem::tandem, Tandem::tandem_static) and lib/pkgconfig/tandem.pc.
# Components: Tandem_Runtime (the shared library) and Tandem_Development (the rest).
# Every symbol is exported for now (no visibility map); see README "Embedding".
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# The shared library needs position-independent objects; only these two libraries get them,
# so the executables and tests keep their flags.
set_target_properties(tandem_engine tandem_node PROPERTIES POSITION_INDEPENDENT_CODE ON)

set(tandem_objects $<TARGET_OBJECTS:tandem_engine> $<TARGET_OBJECTS:tandem_node>)
set(tandem_private_deps SQLite::SQLite3 Boost::json Boost::program_options OpenSSL::Crypto
                        Threads::Threads)

add_library(tandem SHARED ${tandem_objects})
set_target_properties(tandem PROPERTIES
  VERSION ${PROJECT_VERSION}
  SOVERSION ${PROJECT_VERSION_MAJOR}
  EXPORT_NAME tandem)

add_library(tandem_static STATIC ${tandem_objects})
set_target_properties(tandem_static PROPERTIES
  OUTPUT_NAME tandem
  EXPORT_NAME tandem_static)

foreach(target tandem tandem_static)
  target_include_directories(${target} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/engine/include>
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/node/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_compile_features(${target} PUBLIC cxx_std_20)
  target_link_libraries(${target} PRIVATE ${tandem_private_deps})
endforeach()
if(NOT TANDEM_SANITIZE)
  # Every symbol the objects use must be resolved by the listed dependencies (with sanitizers
  # the runtime resolves some only in the executable).
  target_link_options(tandem PRIVATE LINKER:--no-undefined)
endif()
add_library(Tandem::tandem ALIAS tandem)
add_library(Tandem::tandem_static ALIAS tandem_static)

# --- installation -------------------------------------------------------------------------
set(tandem_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/Tandem)

install(TARGETS tandem tandem_static EXPORT TandemTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    COMPONENT Tandem_Runtime NAMELINK_COMPONENT Tandem_Development
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT Tandem_Development)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/engine/include/tandem
                  ${PROJECT_SOURCE_DIR}/node/include/tandem
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  COMPONENT Tandem_Development
  FILES_MATCHING PATTERN "*.h")
install(EXPORT TandemTargets
  NAMESPACE Tandem::
  DESTINATION ${tandem_cmake_dir}
  COMPONENT Tandem_Development)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/TandemConfig.cmake.in
  ${PROJECT_BINARY_DIR}/TandemConfig.cmake
  INSTALL_DESTINATION ${tandem_cmake_dir})
# 0.x: SameMajorVersion accepts any 0.y; the API is not frozen before 1.0.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/TandemConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/TandemConfig.cmake
              ${PROJECT_BINARY_DIR}/TandemConfigVersion.cmake
  DESTINATION ${tandem_cmake_dir}
  COMPONENT Tandem_Development)

# pkg-config: relocatable (paths relative to the .pc file), so `cmake --install --prefix` works.
file(RELATIVE_PATH TANDEM_PC_PREFIX_FROM_PCFILEDIR
  /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
string(REGEX REPLACE "/$" "" TANDEM_PC_PREFIX_FROM_PCFILEDIR "${TANDEM_PC_PREFIX_FROM_PCFILEDIR}")
# The static dependencies: by their own .pc where Debian ships one, as -l flags otherwise.
set(TANDEM_PC_REQUIRES_PRIVATE "sqlite3 libcrypto")
set(TANDEM_PC_LIBS_PRIVATE "-lboost_json -lboost_program_options -pthread")
configure_file(${PROJECT_SOURCE_DIR}/cmake/tandem.pc.in ${PROJECT_BINARY_DIR}/tandem.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/tandem.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig
  COMPONENT Tandem_Development)
