# `cmake --install BUILD --prefix DIR` (make install PREFIX=DIR) and the Debian package (make deb,
# CPack). What goes where: cmake/CgosanLayout.cmake. The installed tree refers to nothing in the
# build or source tree: the driver finds every piece relative to bin/cgosan, report links point
# to the installed docs (or to CGOSAN_DOCS_URL), clang is the Debian package's.
install(TARGETS cgosan RUNTIME DESTINATION ${CGOSAN_BINDIR})
foreach(link cgosan-cc cgosan-c++)
  install(CODE "file(CREATE_LINK cgosan \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CGOSAN_BINDIR}/${link}\" SYMBOLIC)
                message(STATUS \"Installing: \$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CGOSAN_BINDIR}/${link} -> cgosan\")")
endforeach()
install(TARGETS cgosan_pass LIBRARY DESTINATION ${CGOSAN_PKGLIBDIR})
install(TARGETS cgosan_rt ARCHIVE DESTINATION ${CGOSAN_PKGLIBDIR})
install(FILES ${CMAKE_SOURCE_DIR}/runtime/include/cgosan.h DESTINATION ${CGOSAN_INCLUDEDIR})
install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION ${CGOSAN_DOCDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/docs/ DESTINATION ${CGOSAN_DOCDIR}/docs)

# The Debian package. It depends on the runtime packages of the LLVM it was built against (clang
# compiles and links the cgo C code, llvm-symbolizer names report stack frames) and, through
# dpkg-shlibdeps, on the libraries the executable and the plugin link; not on any -dev package.
# Go is not a dependency: Debian 12's golang is 1.19, cgosan needs 1.21 or newer (go.dev).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME cgosan)
set(CPACK_PACKAGE_VENDOR cgosan)
set(CPACK_PACKAGE_CONTACT "cgosan maintainers <cgosan@invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "sanitizer for the C side of cgo")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "cgosan compiles the C code of cgo packages with an LLVM pass and links a small runtime into\n"
    "the program, which reports at run time when C code keeps, stores or reuses Go pointers\n"
    "against the cgo pointer-passing rules: `cgosan go test ./...`.")
string(REPLACE ";" "" CPACK_DEBIAN_PACKAGE_DESCRIPTION "${CPACK_DEBIAN_PACKAGE_DESCRIPTION}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # cgosan_VERSION_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${CGOSAN_CLANG_PACKAGE}, ${CGOSAN_LLVM_PACKAGE}")
set(CPACK_STRIP_FILES ON) # the executable and the plugin; the runtime archive keeps its symbols
include(CPack)
