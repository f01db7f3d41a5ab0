#!/usr/bin/env python3
"""Ask the creche-alloc gRPC service what it would take to place waiting requests.

    creche-alloc serve &                       # 127.0.0.1:50051 by default
    python3 examples/python/suggest.py instances/default.json --request D-0055
    python3 examples/python/suggest.py instances/default.json \\
        --allocation allocation.json --request D-0055 --request D-0061

What the Guichet Unique tells a family on the phone: for each request asked
for, each change to its file that would have given it a place (proven by a
re-solve of the whole commission on the server), the place it would get, and
which other families' places would move; or why there is no suggestion. The
change and the place are put in words from the typed fields of the response
(SuggestedChange, PlacedOutcome), the other families' outcomes are the
server's words.

Without --allocation the server first solves the commission with the priority
policy (as `creche-alloc suggest` without --allocation). Each suggestion is an
exact re-solve of the whole commission, up to 8 per request, sharing the
call's time: the deadline is 60 s per request asked for (at least 120 s)
unless --timeout says otherwise, and the server caps a job at its
--max-solve-time (300 s by default), so ask for a few requests, not the whole
waiting list. A re-solve cut short proves nothing: the call then fails with
DEADLINE_EXCEEDED and the server's message names the request and the change.

With --keep-places every family placed keeps its place: each change is
re-solved on the places the allocation left free (what can still be offered
without taking an offer back). That is fast enough for the whole waiting list
(about 0.04 s on the default commission), gives no "points lacked", and a
place it gives may be worse than a whole re-solve would give.

Exit status: 0 on success, 2 when the server rejects the call (an unknown or
placed request id, an invalid instance or allocation; each problem printed
with its path), 1 for any other error (e.g. DEADLINE_EXCEEDED, with the
server's message).
"""

import argparse
import sys

import grpc

from common import (add_connection_args, instance_message, metadata, open_channel,
                    report_error, request_id, stubs)

DAYS = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday",
        "fri": "Friday", "sat": "Saturday", "sun": "Sunday"}
SLOTS = {"am": "morning", "pm": "afternoon"}


def change_words(pb2, c):
    """A SuggestedChange in plain words, from its kind and typed fields (the
    server's own words for a kind this client does not know)."""
    day = DAYS.get(c.day, c.day)
    if c.kind == pb2.CHANGE_KIND_DROP_HALF_DAY:
        return f"without {day} {SLOTS.get(c.slot, c.slot)} in the planning"
    if c.kind == pb2.CHANGE_KIND_DROP_DAY:
        return f"without {day} in the planning"
    if c.kind == pb2.CHANGE_KIND_LATER_ENTRY:
        return f"entering on {c.start}, {c.days} days later than asked"
    if c.kind == pb2.CHANGE_KIND_ADD_CRECHE:
        return f"with {c.creche} added as the last wish"
    if c.kind == pb2.CHANGE_KIND_MORE_POINTS:
        return f"with {c.points} more point{'' if c.points == 1 else 's'} at {c.creche}"
    return c.words


def place_words(outcome):
    """Where a suggestion places the request (an Outcome, always `placed`)."""
    if outcome.WhichOneof("outcome") != "placed":
        return "no place"
    p = outcome.placed
    return f"placed at {p.creche}, section {p.section} (wish {p.wish_rank}), from {p.entry_date}"


def diff_words(pb2, kind):
    """How another request's place moves (DiffKind), in words."""
    return {
        pb2.DIFF_KIND_GAINS: "would gain a place",
        pb2.DIFF_KIND_LOSES: "would lose its place",
        pb2.DIFF_KIND_CHANGES_CRECHE: "would change crèche",
        pb2.DIFF_KIND_CHANGES_PLACE: "would change section, block or entry date",
    }.get(kind, "would move")


def plural(n, word):
    return f"{n} {word}{'' if n == 1 else 's'}"


def print_request(pb2, rs):
    """One request's suggestions, as said on the phone."""
    print(f"{rs.request} (#{rs.position} on the waiting list, {rs.points} pts): "
          f"{plural(len(rs.suggestions), 'suggestion') if rs.suggestions else 'no suggestion'}, "
          f"{plural(rs.solves, 're-solve')}")
    if not rs.suggestions:
        print(f"  {rs.note}" if rs.HasField("note") else "  no change found gives it a place")
    for i, s in enumerate(rs.suggestions, 1):
        fewest = f" ({s.fewest})" if s.HasField("fewest") else ""
        print(f"  {i}. {change_words(pb2, s.change)}{fewest}")
        print(f"     {place_words(s.place)}")
        if not s.others:
            print("     no other family's place moves")
            continue
        policy = ("as the policy allows: points order and its tie-breaks" if s.within_policy
                  else "NOT only by points order")
        print(f"     {plural(len(s.others), 'other request')} would move ({policy}):")
        for o in s.others:
            print(f"       - {o.request} ({o.points} pts) {diff_words(pb2, o.kind)}: "
                  f"{o.before} → {o.after}"
                  + (f" ({o.why})" if o.why else ""))
    if rs.not_enough:
        tried = "; ".join(change_words(pb2, c) for c in rs.not_enough)
        print(f"  re-solved, not enough: {tried}")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("instance", help="instance JSON file")
    p.add_argument("--request", action="append", required=True, metavar="ID",
                   dest="requests", help="a waiting request's id (repeatable)")
    p.add_argument("--allocation",
                   help="the adopted allocation JSON (default: the server solves the "
                        "commission first with the priority policy)")
    add_connection_args(p)
    p.add_argument("--timeout", type=float,
                   help="call deadline, seconds (default: 60 per request, at least 120)")
    p.add_argument("--send-json", action="store_true",
                   help="send the instance file as instance_json instead of converting it")
    p.add_argument("--keep-places", action="store_true",
                   help="every family placed keeps its place: re-solve on the places "
                        "left free (fast; no points lacked)")
    args = p.parse_args()
    if args.timeout is None:
        args.timeout = max(120.0, 60.0 * len(args.requests))

    with open(args.instance, encoding="utf-8") as f:
        text = f.read()
    allocation_json = None
    if args.allocation:
        with open(args.allocation, encoding="utf-8") as f:
            allocation_json = f.read()

    with stubs() as (pb2, pb2_grpc):
        request = pb2.SuggestRequest(request_ids=args.requests, keep_places=args.keep_places)
        if args.send_json:
            request.instance_json = text
        else:
            request.instance.CopyFrom(instance_message(pb2, text))
        if allocation_json is not None:
            request.allocation_json = allocation_json

        with open_channel(args) as channel:
            stub = pb2_grpc.AllocationServiceStub(channel)
            try:
                response, call = stub.Suggest.with_call(
                    request, timeout=args.timeout, metadata=metadata(args))
            except grpc.RpcError as err:
                return report_error(err, "rejected")

        scope = ", every family placed keeping its place" if response.keep_places else ""
        print(f"commission: {response.commission_id} (re-solved with {response.strategy}{scope})")
        for rs in response.requests:
            print_request(pb2, rs)
        t = response.timings
        limit = (f", each limited to {t.solve_time_limit.ToTimedelta().total_seconds():.3f} s"
                 if t.HasField("solve_time_limit") else "")
        print(f"server time: {t.server.ToTimedelta().total_seconds():.3f} s "
              f"({plural(response.solves, 're-solve')}{limit}; request id {request_id(call)})")
        return 0


if __name__ == "__main__":
    sys.exit(main())
