# Which LLVM cgosan is built against: one of the versions Debian 12 ships, picked with
# CGOSAN_LLVM_VERSION (make LLVM_VERSION=N). Included before project(), so that any other
# version is refused with the list of the supported ones before CMake looks for clang-N.
set(CGOSAN_SUPPORTED_LLVM_VERSIONS 14 15 16 19)
list(JOIN CGOSAN_SUPPORTED_LLVM_VERSIONS ", " _cgosan_supported)
set(CGOSAN_LLVM_VERSION 14 CACHE STRING
    "Major version of the Debian LLVM/Clang to build against (${_cgosan_supported})")
if(NOT CGOSAN_LLVM_VERSION IN_LIST CGOSAN_SUPPORTED_LLVM_VERSIONS)
  message(FATAL_ERROR "cgosan: LLVM '${CGOSAN_LLVM_VERSION}' is not supported; cgosan builds "
                      "against LLVM ${_cgosan_supported} (-DCGOSAN_LLVM_VERSION=N, make LLVM_VERSION=N)")
endif()

