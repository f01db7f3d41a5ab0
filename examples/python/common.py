"""What the example clients share: the stubs, the instance conversion, the
channel and its metadata, and the reporting of errors.

solve.py and suggest.py import it from their own directory (Python puts a
script's directory first on sys.path), so run them as files:

    python3 examples/python/solve.py INSTANCE
    python3 examples/python/suggest.py INSTANCE --request ID
"""

import contextlib
import importlib
import json
import os
import pathlib
import sys
import tempfile

import grpc
from grpc_tools import protoc

try:  # importlib.resources.files exists from Python 3.9 on
    from importlib.resources import files as _resource_files
except ImportError:  # pragma: no cover
    _resource_files = None

ROOT = pathlib.Path(__file__).resolve().parents[2]
PROTO_DIR = ROOT / "proto"
PROTO_FILE = "creche/allocation/v1/allocation.proto"


def load_stubs(out_dir):
    """Generates the Python messages and stubs of the contract into out_dir."""
    wkt = str(_resource_files("grpc_tools") / "_proto")
    args = [
        "grpc_tools.protoc",
        f"-I{PROTO_DIR}",
        f"-I{wkt}",
        f"--python_out={out_dir}",
        f"--grpc_python_out={out_dir}",
        PROTO_FILE,
    ]
    if protoc.main(args) != 0:
        raise SystemExit("error: protoc failed on " + PROTO_FILE)
    sys.path.insert(0, out_dir)
    pb2 = importlib.import_module("creche.allocation.v1.allocation_pb2")
    pb2_grpc = importlib.import_module("creche.allocation.v1.allocation_pb2_grpc")
    return pb2, pb2_grpc


@contextlib.contextmanager
def stubs():
    """(pb2, pb2_grpc), generated into a temporary directory removed on exit."""
    with tempfile.TemporaryDirectory(prefix="creche-stubs-") as out_dir:
        yield load_stubs(out_dir)


def to_proto_dict(instance):
    """JSON instance -> dict in the proto JSON shape (adds the 3 wrappers)."""
    inst = json.loads(json.dumps(instance))  # deep copy
    for creche in inst.get("creches", []):
        for section in creche.get("sections", []):
            for block in section.get("free", []):
                block["places"] = {
                    day: {"slots": slots} for day, slots in block.get("places", {}).items()
                }
    for request in inst.get("requests", []):
        request["planning"] = {
            day: {"ranges": ranges} for day, ranges in request.get("planning", {}).items()
        }
        request["creche_criteria"] = {
            creche: {"criteria": crits}
            for creche, crits in request.get("creche_criteria", {}).items()
        }
    return inst


def instance_message(pb2, text):
    """The instance file's text as an `Instance` message."""
    from google.protobuf import json_format

    return json_format.ParseDict(to_proto_dict(json.loads(text)), pb2.Instance())


def add_connection_args(parser):
    """--addr, --token and --tls-ca, with their environment defaults."""
    parser.add_argument("--addr", default=os.environ.get("CRECHE_GRPC_ADDR", "127.0.0.1:50051"))
    parser.add_argument("--token", default=os.environ.get("CRECHE_GRPC_TOKEN"),
                        help="bearer token (default: $CRECHE_GRPC_TOKEN)")
    parser.add_argument("--tls-ca",
                        help="PEM file of the CA that signed the server certificate")


def open_channel(args):
    """A TLS channel with --tls-ca, else a plaintext one, to --addr."""
    if args.tls_ca:
        with open(args.tls_ca, "rb") as f:
            return grpc.secure_channel(args.addr, grpc.ssl_channel_credentials(f.read()))
    return grpc.insecure_channel(args.addr)


def metadata(args):
    """The call's metadata: the bearer token, if any."""
    return [("authorization", f"Bearer {args.token}")] if args.token else None


def print_invalid(err, what="invalid instance"):
    """Prints the google.rpc.BadRequest field violations of an error."""
    from google.rpc import error_details_pb2
    from grpc_status import rpc_status

    print(f"{what}: {err.details()}", file=sys.stderr)
    status = rpc_status.from_call(err)
    if status is None:
        return
    for detail in status.details:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            for v in bad.field_violations:
                print(f"  - {v.field}: {v.description}", file=sys.stderr)


def report_error(err, what="invalid instance"):
    """Prints a failed call's error; returns the exit status: 2 for
    INVALID_ARGUMENT (with its field violations), 1 for anything else."""
    if err.code() == grpc.StatusCode.INVALID_ARGUMENT:
        print_invalid(err, what)
        return 2
    print(f"error: {err.code().name}: {err.details()}", file=sys.stderr)
    return 1


def request_id(call):
    """The server's x-request-id of a completed call."""
    return dict(call.initial_metadata()).get("x-request-id", "?")
