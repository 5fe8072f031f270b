"""Compile the scrubber's hot modules to C with mypyc (`make native`, part of `make setup`).

Every note of every visit passes through the scrubber, and in pure Python it
was the largest cost of visit intake (bench/README.md, "Intake"). mypyc (the
compiler mypy and black ship with) turns the same annotated source into C
extensions: no second copy of the rules, the same answers
(tests/services/test_privacy_native.py compares them), and about a quarter
less CPU per note.

The extensions go to outreach/services/privacy/compiled/ with a stamp of the
sources they were built from; the package loads them only while that stamp
matches the sources (outreach/services/privacy/native.py), so an edited rule
is never shadowed by an old build. Without a C compiler the build is skipped
with a warning and the scrubber runs as Python.
"""
import shutil
import sys
import sysconfig
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from outreach.services.privacy.native import COMPILED, MODULES, PACKAGE, STAMP, source_digest  # noqa: E402


def compiler_present() -> bool:
    """Whether the C compiler Python was built with is on this machine."""
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    return shutil.which(compiler) is not None


def build(work: Path) -> None:
    """Compile MODULES into `work` with mypyc (optimisation level 3) and setuptools."""
    from mypyc.build import mypycify
    from setuptools import setup

    paths = [str(PACKAGE / f"{module}.py") for module in MODULES]
    # Type-check only the compiled modules: what they import from the rest of the app is read, not checked.
    options = ["--follow-imports=silent", "--ignore-missing-imports"]
    setup(name="outreach-scrubber", packages=[], py_modules=[],
          ext_modules=mypycify(options + paths, opt_level="3", group_name="outreach.services.privacy.scrubber",
                               target_dir=str(work / "c")),
          script_args=["--quiet", "build_ext", "--build-lib", str(work / "lib"), "--build-temp", str(work / "tmp")])


def install(work: Path, digest: str) -> None:
    """Replace the compiled folder with the new extensions and the stamp of their sources."""
    built = work / "lib" / PACKAGE.relative_to(ROOT)
    shutil.rmtree(COMPILED, ignore_errors=True)
    COMPILED.mkdir()
    for extension in built.glob("*.so"):
        shutil.copy2(extension, COMPILED / extension.name)
    STAMP.write_text(digest + "\n")


def main() -> int:
    """Build and install, or warn and leave the scrubber in Python."""
    if not compiler_present():
        print("warning: no C compiler, the scrubber runs as Python (slower intake)", file=sys.stderr)
        return 0
    digest = source_digest()
    with tempfile.TemporaryDirectory(prefix="outreach-mypyc-") as folder:
        build(Path(folder))
        install(Path(folder), digest)
    print(f"scrubber compiled: {', '.join(MODULES)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
