#!/usr/bin/env python3
"""Solve a commission with the creche-alloc gRPC service and print a summary.

    pip install -r examples/python/requirements.txt
    creche-alloc serve &                       # 127.0.0.1:50051 by default
    python3 examples/python/solve.py instances/examples/d_twins_one_place.json

The stubs are generated from proto/ at run time with grpcio-tools, into a
temporary directory (no generated code is committed). The instance JSON file
(shared/instance-format.md) is converted to the `Instance` message with
json_format.ParseDict: the field names are the same, except for the three
places where proto3 needs a wrapper message (map values cannot be maps or
lists), which `to_proto_dict` adds.

Exit status: 0 on success, 2 for an invalid instance (each problem printed
with its path), 1 for any other error.
"""

import argparse
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


def print_invalid(err):
    """Prints the google.rpc.BadRequest field violations of an error."""
    from google.rpc import error_details_pb2
    from grpc_status import rpc_status

    print(f"invalid instance: {err.details()}", file=sys.stderr)
    status = rpc_status.from_call(err)
    if status is None:
        return
    for detail in status.details:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            for v in bad.field_violations:
                print(f"  - {v.field}: {v.description}", file=sys.stderr)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("instance", help="instance JSON file")
    p.add_argument("--addr", default=os.environ.get("CRECHE_GRPC_ADDR", "127.0.0.1:50051"))
    p.add_argument("--token", default=os.environ.get("CRECHE_GRPC_TOKEN"),
                   help="bearer token (default: $CRECHE_GRPC_TOKEN)")
    p.add_argument("--tls-ca", help="PEM file of the CA that signed the server certificate")
    p.add_argument("--strategy", choices=["priority", "balanced", "greedy"], default="priority")
    p.add_argument("--fit-weight", type=float, help="balanced strategy only")
    p.add_argument("--timeout", type=float, default=120.0, help="call deadline, seconds")
    p.add_argument("--send-json", action="store_true",
                   help="send the file as instance_json instead of converting it")
    args = p.parse_args()

    with open(args.instance, encoding="utf-8") as f:
        text = f.read()

    with tempfile.TemporaryDirectory(prefix="creche-stubs-") as out_dir:
        pb2, pb2_grpc = load_stubs(out_dir)
        from google.protobuf import json_format

        options = pb2.SolveOptions(
            strategy=getattr(pb2, "STRATEGY_" + args.strategy.upper()))
        if args.fit_weight is not None:
            options.fit_weight = args.fit_weight
        if args.send_json:
            request = pb2.SolveRequest(instance_json=text, options=options)
        else:
            instance = json_format.ParseDict(to_proto_dict(json.loads(text)), pb2.Instance())
            request = pb2.SolveRequest(instance=instance, options=options)

        if args.tls_ca:
            with open(args.tls_ca, "rb") as f:
                channel = grpc.secure_channel(args.addr, grpc.ssl_channel_credentials(f.read()))
        else:
            channel = grpc.insecure_channel(args.addr)
        metadata = [("authorization", f"Bearer {args.token}")] if args.token else None
        with channel:
            stub = pb2_grpc.AllocationServiceStub(channel)
            try:
                response, call = stub.Solve.with_call(
                    request, timeout=args.timeout, metadata=metadata)
            except grpc.RpcError as err:
                if err.code() == grpc.StatusCode.INVALID_ARGUMENT:
                    print_invalid(err)
                    return 2
                print(f"error: {err.code().name}: {err.details()}", file=sys.stderr)
                return 1

        a = response.allocation
        m = a.metrics
        status = pb2.AllocationStatus.Name(a.status).removeprefix("ALLOCATION_STATUS_").lower()
        request_id = dict(call.initial_metadata()).get("x-request-id", "?")
        print(f"commission: {a.commission_id}")
        print(f"status: {status}" + (f" (gap {a.gap:.4f})" if a.HasField("gap") else ""))
        print(f"strategy: {a.strategy}")
        print(f"placed: {m.placed} of {m.requests}")
        print(f"waiting: {len(a.waiting_list)}")
        print(f"occupancy: {m.occupancy:.3f} ({m.places_filled_half_days} of "
              f"{m.free_half_days} half-days)")
        print(f"first wish rate: {m.first_wish_rate:.3f}")
        print(f"priority inversions: {m.priority_inversions}")
        t = response.timings
        print(f"server time: {t.server.ToTimedelta().total_seconds():.3f} s "
              f"(solve {t.total.ToTimedelta().total_seconds():.3f} s, "
              f"request id {request_id})")
        return 0


if __name__ == "__main__":
    sys.exit(main())
