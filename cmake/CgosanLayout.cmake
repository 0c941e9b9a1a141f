# Where cgosan's pieces live. The build tree is laid out like the install tree, so that the driver
# finds them the same way in both: relative to the directory of its own executable
# (src/toolchain.cpp, src/config.h.in).
#
#   bin/cgosan, bin/cgosan-cc, bin/cgosan-c++   the CLI and the compiler as one word
#   lib/cgosan/libcgosan_pass.so                the LLVM pass plugin
#   lib/cgosan/libcgosan_rt.a                   the runtime, linked into checked programs
#   include/cgosan.h                            for C code that declares pinned memory
#   share/doc/cgosan/README.md, .../docs/       the documentation (rule pages: docs/rules/)
#
# lib/cgosan rather than the multiarch libdir: the plugin is loaded by path, never by the dynamic
# linker, and one relative path serves every prefix.
set(CGOSAN_BINDIR bin)
set(CGOSAN_PKGLIBDIR lib/cgosan)
set(CGOSAN_INCLUDEDIR include)
set(CGOSAN_DOCDIR share/doc/cgosan)

# Public URL of the rule pages (docs/rules/, ending in a slash), for SARIF helpUri and Markdown
# links; empty: the installed pages (file://PREFIX/share/doc/cgosan/docs/rules/).
set(CGOSAN_DOCS_URL "" CACHE STRING
    "Public base URL of cgosan's docs/rules/ pages for report links (default: the installed docs)")
if(CGOSAN_DOCS_URL AND NOT CGOSAN_DOCS_URL MATCHES "^https?://.*/$")
  message(FATAL_ERROR "cgosan: CGOSAN_DOCS_URL must be an http(s) URL ending in '/' "
                      "(the docs/rules/ directory), not '${CGOSAN_DOCS_URL}'")
endif()

set(CMAKE_RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/${CGOSAN_BINDIR})
set(CMAKE_LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/${CGOSAN_PKGLIBDIR})
set(CMAKE_ARCHIVE_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/lib) # internal archives; the runtime: below

# The docs in the build tree are links to the source tree's, which is where a build-tree cgosan's
# report links then point (resolved, never into the build directory).
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/${CGOSAN_DOCDIR})
file(CREATE_LINK ${CMAKE_SOURCE_DIR}/README.md ${CMAKE_BINARY_DIR}/${CGOSAN_DOCDIR}/README.md SYMBOLIC)
file(CREATE_LINK ${CMAKE_SOURCE_DIR}/docs ${CMAKE_BINARY_DIR}/${CGOSAN_DOCDIR}/docs SYMBOLIC)

# Called once the targets exist.
function(cgosan_place_targets)
  set_target_properties(cgosan_rt PROPERTIES
    ARCHIVE_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/${CGOSAN_PKGLIBDIR})
endfunction()
