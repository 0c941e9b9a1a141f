# lit configuration for the cgosan pass tests (FileCheck on the IR the pass produces).
#
# ctest runs these through tests/CMakeLists.txt (`ctest -R pass_lit`). By hand, name the plugin and
# the LLVM it was built against:
#   python3 /usr/lib/llvm-14/build/utils/lit/lit.py -sv tests/pass \
#     --param cgosan_plugin=$PWD/build/lib/libcgosan_pass.so --param llvm_tools_dir=/usr/lib/llvm-14/bin
import os
import re
import subprocess
import tempfile

import lit.formats

config.name = "cgosan-pass"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".c", ".ll"]
config.test_source_root = os.path.dirname(__file__)


def param(name):
    value = lit_config.params.get(name)
    if not value:
        lit_config.fatal(
            "missing --param %s=... (run through ctest -R pass_lit, or see tests/pass/lit.cfg.py)"
            % name)
    return value


plugin = os.path.abspath(param("cgosan_plugin"))
tools = os.path.abspath(param("llvm_tools_dir"))
if not os.path.isfile(plugin):
    lit_config.fatal("cgosan plugin not found: %s (build it first: ninja -C <build>)" % plugin)
for tool in ("clang", "opt", "FileCheck"):
    if not os.path.isfile(os.path.join(tools, tool)):
        lit_config.fatal("%s not found in %s (apt-get install clang-N llvm-N-tools)" % (tool, tools))

# Output (%t) goes to the build tree when ctest says where that is.
config.test_exec_root = os.path.abspath(
    lit_config.params.get("exec_root") or os.path.join(tempfile.gettempdir(), "cgosan-pass-lit"))

# `opt -stats` prints statistics only when LLVM itself was built with assertions (Debian's is not;
# stats.c reads them through clang's -stats-file instead).
try:
    if subprocess.check_output([os.path.join(tools, "llvm-config"), "--assertion-mode"],
                               text=True).strip() == "ON":
        config.available_features.add("asserts")
except (OSError, subprocess.CalledProcessError):
    pass

config.substitutions.append(("%clang", os.path.join(tools, "clang")))
config.substitutions.append(("%opt", os.path.join(tools, "opt")))
config.substitutions.append(("%plugin", plugin))

# What the pass writes that runtime/cgosan_abi.h fixes, as FileCheck variables: the fixed tables
# as the IR names them (the region table's address, added to an index: [[REGIONS]]; the level
# masks', constant pointers: [[READ_MASK]], [[WRITE_MASK]]), the
# region index's mask ([[REGION_MASK]]) and the ABI marker ([[ABI_MARKER]]).
with open(os.path.join(config.test_source_root, "..", "..", "runtime", "cgosan_abi.h")) as header:
    abi_text = header.read()
abi = {}
for name, expr in re.findall(r"^#define (CGOSAN_FIXED_\w+|CGOSAN_REGION\w*) ([^/\n]+)", abi_text,
                             re.M):
    abi[name] = eval(re.sub(r"\b(0x[0-9a-fA-F]+|[0-9]+)u?l*\b", r"\1", expr), {}, dict(abi))
fixed = {
    "REGIONS": "%d" % abi["CGOSAN_REGION_TABLE"],
    "READ_MASK": "inttoptr (i64 %d to" % (abi["CGOSAN_FIXED_BASE"] + abi["CGOSAN_FIXED_READ_MASK"]),
    "WRITE_MASK": "inttoptr (i64 %d to" % (abi["CGOSAN_FIXED_BASE"] + abi["CGOSAN_FIXED_WRITE_MASK"]),
    "REGION_MASK": "%d" % (abi["CGOSAN_REGIONS"] - 1),
    "ABI_MARKER": "__cgosan_abi_v" + re.search(r"^#define CGOSAN_ABI_VERSION (\d+)", abi_text,
                                               re.M).group(1),
}
filecheck = " ".join([os.path.join(tools, "FileCheck")] +
                     ["'-D%s=%s'" % kv for kv in fixed.items()])
config.substitutions.append((r"\bFileCheck\b", filecheck))
config.environment["PATH"] = os.pathsep.join([tools, config.environment.get("PATH", "")])
