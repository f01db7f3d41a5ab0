"""Generates the Python messages and stubs of the creche.allocation.v1
contract into examples/python/gen/ (not committed: run this after a change
of the proto, or let the clients run it: they do when the stubs are missing
or older than the proto).

    python3 examples/python/generate_stubs.py

It is grpcio-tools' protoc with the proto directory and protobuf's
well-known types (google/protobuf/duration.proto) on the include path;
gen/PROTO_SHA256 records the proto the stubs were made from.
"""

import contextlib
import hashlib
import os
import pathlib
import shutil
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PROTO_DIR = ROOT / "proto"
PROTO_FILE = "creche/allocation/v1/allocation.proto"
GEN_DIR = HERE / "gen"
STAMP = GEN_DIR / "PROTO_SHA256"


def proto_sha256():
    return hashlib.sha256((PROTO_DIR / PROTO_FILE).read_bytes()).hexdigest()


def up_to_date():
    """True when gen/ holds the stubs of the proto as it is now."""
    return STAMP.exists() and STAMP.read_text().strip() == proto_sha256()


def generate():
    """Writes the stubs to a new directory, then puts it in place of gen/ (so
    that two clients starting at once never see half a gen/)."""
    from grpc_tools import protoc
    from importlib.resources import files

    wkt = str(files("grpc_tools") / "_proto")
    tmp = pathlib.Path(tempfile.mkdtemp(prefix=".gen-", dir=HERE))
    args = [
        "grpc_tools.protoc",
        f"-I{PROTO_DIR}",
        f"-I{wkt}",
        f"--python_out={tmp}",
        f"--grpc_python_out={tmp}",
        PROTO_FILE,
    ]
    if protoc.main(args) != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        raise SystemExit("error: protoc failed on " + PROTO_FILE)
    (tmp / STAMP.name).write_text(proto_sha256() + "\n")
    if GEN_DIR.exists() and not up_to_date():
        old = HERE / f".gen-old-{os.getpid()}"
        with contextlib.suppress(OSError):
            os.rename(GEN_DIR, old)
        shutil.rmtree(old, ignore_errors=True)
    try:
        os.rename(tmp, GEN_DIR)
    except OSError:  # another client put the same stubs there first
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    generate()
    print(f"stubs of {PROTO_FILE} written to {GEN_DIR.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
