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
import sys

import grpc

import generate_stubs


def load_stubs():
    """The generated messages and stubs of the contract (pb2, pb2_grpc), from
    gen/; generated there first when missing or older than the proto."""
    if not generate_stubs.up_to_date():
        generate_stubs.generate()
    gen = str(generate_stubs.GEN_DIR)
    if gen not in sys.path:
        sys.path.insert(0, gen)
    pb2 = importlib.import_module("creche.allocation.v1.allocation_pb2")
    pb2_grpc = importlib.import_module("creche.allocation.v1.allocation_pb2_grpc")
    return pb2, pb2_grpc


@contextlib.contextmanager
def stubs():
    """(pb2, pb2_grpc), from examples/python/gen/ (see load_stubs)."""
    yield load_stubs()


def label_message(label):
    """A label (a string, or language -> text) in the proto `Label` shape."""
    return {"text": label} if isinstance(label, str) else {"by_lang": label}


def to_proto_dict(instance):
    """JSON instance -> dict in the proto JSON shape (adds the 3 wrappers and
    the `Label` messages)."""
    inst = json.loads(json.dumps(instance))  # deep copy
    if "bareme_labels" in inst:
        inst["bareme_labels"] = {k: label_message(v) for k, v in inst["bareme_labels"].items()}
    for creche in inst.get("creches", []):
        for section in creche.get("sections", []):
            if "label" in section:
                section["label"] = label_message(section["label"])
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
