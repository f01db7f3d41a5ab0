#!/usr/bin/env python3
"""Solve a commission with the creche-alloc gRPC service and print a summary.

    pip install -r examples/python/requirements.txt
    creche-alloc serve &                       # 127.0.0.1:50051 by default
    python3 examples/python/solve.py instances/examples/d_twins_one_place.json

The stubs come from examples/python/gen/, which generate_stubs.py writes
from proto/ with grpcio-tools (and which the clients write themselves when it
is missing or older than the proto; no generated code is committed). The
instance JSON file (docs/format.md) is converted to the `Instance` message with
json_format.ParseDict: the field names are the same, except for the three
places where proto3 needs a wrapper message (map values cannot be maps or
lists), which `to_proto_dict` (common.py, shared with suggest.py) adds.

Exit status: 0 on success, 2 for an invalid instance (each problem printed
with its path), 1 for any other error.
"""

import argparse
import sys

import grpc

from common import (add_connection_args, instance_message, metadata, open_channel,
                    report_error, request_id, stubs)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("instance", help="instance JSON file")
    add_connection_args(p)
    p.add_argument("--strategy", choices=["priority", "balanced", "greedy"], default="priority")
    p.add_argument("--fit-weight", type=float, help="balanced strategy only")
    p.add_argument("--timeout", type=float, default=120.0, help="call deadline, seconds")
    p.add_argument("--send-json", action="store_true",
                   help="send the file as instance_json instead of converting it")
    args = p.parse_args()

    with open(args.instance, encoding="utf-8") as f:
        text = f.read()

    with stubs() as (pb2, pb2_grpc):
        options = pb2.SolveOptions(
            strategy=getattr(pb2, "STRATEGY_" + args.strategy.upper()))
        if args.fit_weight is not None:
            options.fit_weight = args.fit_weight
        if args.send_json:
            request = pb2.SolveRequest(instance_json=text, options=options)
        else:
            request = pb2.SolveRequest(instance=instance_message(pb2, text), options=options)

        with open_channel(args) as channel:
            stub = pb2_grpc.AllocationServiceStub(channel)
            try:
                response, call = stub.Solve.with_call(
                    request, timeout=args.timeout, metadata=metadata(args))
            except grpc.RpcError as err:
                return report_error(err)

        a = response.allocation
        m = a.metrics
        status = pb2.AllocationStatus.Name(a.status).removeprefix("ALLOCATION_STATUS_").lower()
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
              f"request id {request_id(call)})")
        return 0


if __name__ == "__main__":
    sys.exit(main())
