# The LLVM and clang cgosan is built against: Debian's packages of the version
# CGOSAN_LLVM_VERSION names (checked by CgosanLLVMVersion.cmake).
# No version in find_package: LLVM's version file accepts only the same major.minor, and since
# LLVM 18 the first release of N is N.1.0, so asking for "19" (19.0) refuses 19.1.7. The major
# version is checked below instead. LLVM_DIR, if set, wins over the Debian location.
find_package(LLVM CONFIG QUIET
             PATHS /usr/lib/llvm-${CGOSAN_LLVM_VERSION}/lib/cmake/llvm NO_DEFAULT_PATH)
if(NOT LLVM_FOUND)
  message(FATAL_ERROR "cgosan: LLVM ${CGOSAN_LLVM_VERSION} not found (no LLVMConfig.cmake in "
                      "/usr/lib/llvm-${CGOSAN_LLVM_VERSION}/lib/cmake/llvm): "
                      "apt-get install llvm-${CGOSAN_LLVM_VERSION}-dev, or run "
                      "scripts/setup-deps.sh ${CGOSAN_LLVM_VERSION}")
endif()
if(NOT LLVM_VERSION_MAJOR STREQUAL CGOSAN_LLVM_VERSION)
  message(FATAL_ERROR "cgosan: ${LLVM_DIR} is LLVM ${LLVM_PACKAGE_VERSION}, not "
                      "${CGOSAN_LLVM_VERSION} (CGOSAN_LLVM_VERSION); supported: ${_cgosan_supported}")
endif()

set(CGOSAN_CLANG "${LLVM_TOOLS_BINARY_DIR}/clang")
set(CGOSAN_CLANGXX "${LLVM_TOOLS_BINARY_DIR}/clang++")
# What to install when they are missing (the driver's message, the package's dependencies).
set(CGOSAN_CLANG_PACKAGE "clang-${LLVM_VERSION_MAJOR}")
set(CGOSAN_LLVM_PACKAGE "llvm-${LLVM_VERSION_MAJOR}") # llvm-symbolizer, for report stacks
if(NOT EXISTS "${CGOSAN_CLANG}")
  message(FATAL_ERROR "cgosan: clang for LLVM ${LLVM_PACKAGE_VERSION} not found at ${CGOSAN_CLANG} "
                      "(apt-get install ${CGOSAN_CLANG_PACKAGE})")
endif()
message(STATUS "cgosan: LLVM ${LLVM_PACKAGE_VERSION}, ${CGOSAN_CLANG}")
