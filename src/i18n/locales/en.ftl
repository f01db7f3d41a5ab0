# Messages in English. Every id also exists in fr.ftl (a test checks it).
# The arguments { $creche } and { $section } are already names (the crèche's
# name, the section's label), dates already in words.

## General

points-short = { $points } pts
points-position = { $points } pts, #{ $position }
reason-at = { $creche }: { $reason }
status-optimal = optimal (proven)
status-feasible = feasible, not proven optimal (time limit)
status-heuristic = heuristic (no optimality proof)
day-mon = Mon
day-tue = Tue
day-wed = Wed
day-thu = Thu
day-fri = Fri
day-sat = Sat
day-sun = Sun
slot-am = am
slot-pm = pm

## The allocation's reasons: one per code (docs/format.md, "Reason codes").
## { $section } is already "the Babies section" (or the label when it says
## "section"), { $half-days } "Wednesday afternoon", { $holders } "D-0027, 23 pts; …".

list-sep = {", "}
list-semi = {"; "}
list-and = { $list } and { $last }
section-noun = section
section-named = the { $label } section
section-labelled = the { $label }
day-long-mon = Monday
day-long-tue = Tuesday
day-long-wed = Wednesday
day-long-thu = Thursday
day-long-fri = Friday
day-long-sat = Saturday
day-long-sun = Sunday
slot-long-am = morning
slot-long-pm = afternoon
half-days-day = { $day }
half-days-half-day = { $day } { $slot }
reason-who-child = this child
reason-who-group = sibling group { $group } ({ $children } children)
reason-holder = { $request }, { $points } pts
reason-holders-more = { $list }; and { $more } more
reason-age-below-section = the child will be { $age-months } { $age-months ->
    [one] month
   *[other] months
  } old on entry on { $entry-date }, below the minimum age of { $section } ({ $limit-months } months)
reason-age-above-section = the child will be { $age-months } { $age-months ->
    [one] month
   *[other] months
  } old on entry on { $entry-date }, above the maximum age of { $section } ({ $limit-months } months)
reason-under-ten-weeks = the child will be only { $weeks } { $weeks ->
    [one] week
   *[other] weeks
  } old on { $entry-date }, under the 10-week minimum
reason-not-free-in-time = { $section } has no free place by { $latest-date } (start { $start } plus { $tolerance-days } { $tolerance-days ->
    [one] day
   *[other] days
  } of tolerance): its places are free from { $available-from }
reason-planning-no-place = { $section } has no free place on { $half-days }
reason-no-free-place = the crèche has no free place this commission
reason-sibling-group-eligibility = not all { $children } children of sibling group { $group } can go to this crèche (the age, start or planning of one of them rules it out)
reason-sibling-group-capacity = the free places of { $creche } cannot hold the { $children } children of sibling group { $group } together, even with nobody else placed there
reason-held-by-more-points = the free places of { $section } at { $creche } on { $half-days } cannot hold { $who } together with { $families ->
    [one] the family
   *[other] the { $families } families
  } placed there with more points ({ $holders })
reason-held-by-more-points-anywhere = the free places of { $creche } cannot hold { $who } together with { $families ->
    [one] the family
   *[other] the { $families } families
  } placed there with more points ({ $holders })
reason-tie-lost = equal points ({ $points } pts) with { $winner }, who holds the place at { $creche }: { $settled-by }
settled-by-half-days = the tie was settled by half-days (the tie group fills more half-days this way)
settled-by-wish = the tie was settled by wish rank (this crèche ranks better among the other family's wishes)
settled-by-entry-date = the tie was settled by entry date (the other family enters earlier)
settled-by-earlier-request = the tie was settled by the earlier request (the other request is older)
settled-by-draw = the tie was settled by the commission's seeded draw
settled-by-group = the tie was settled by what is best for the tie group as a whole (half-days, then wishes, then entry dates)
reason-departure = departure from points order: { $who } would fit at { $creche } beside every family placed there with at least its points, but { $families ->
    [one] a family with fewer points holds
   *[other] { $families } families with fewer points hold
  } the place ({ $holders }): { $cause }
reason-placed-ahead = placed ahead of { $families ->
    [one] a family
   *[other] { $families } families
  } with more points here ({ $holders }): { $cause }
cause-greedy = the greedy method took requests in points order, each at the first crèche that fit
cause-balanced = the balanced policy traded points for planning fit
cause-sibling-group = placed with its sibling group: siblings together or not at all
cause-crossing-points = crèche-specific points: crèches rank these families in crossing orders, and no arrangement satisfies them all
cause-time-limit = the time limit stopped the optimizer first
reason-placed-by-commission = placed by the commission's decision (decision no. { $decision })
reason-placed-by-commission-ahead = placed by the commission's decision (decision no. { $decision }), ahead of { $families ->
    [one] a family
   *[other] { $families } families
  } with more points here ({ $holders })
reason-excluded-by-commission = the commission excluded this crèche for { $who } (decision no. { $decision })
reason-deferred-by-commission = the commission deferred the request to the next commission (decision no. { $decision }), { $renewal-bonus ->
    [true] with the renewal bonus
   *[other] without the renewal bonus
  }
cause-decision = a decision of the commission

## Minutes (procès-verbal)

minutes-title = Procès-verbal (minutes) of the allocation commission { $id }
minutes-intro = Commission of { $date }, for entries from { $from } to { $to } (start tolerance { $tolerance } days). Files are presented anonymously: each request by its id, with its points, dates and planning only.
minutes-gap = , gap { $gap }
minutes-gap-unknown = , gap unknown
minutes-policy = Strategy { $strategy } (status: { $status }{ $gap }). Policy: { $policy }.
policy-priority = strict points order: families are served in points order, and each group of families with equal points gets what is best for it while every family with more points keeps its crèche and an entry date no later (sections and blocks may be rearranged); among equal points, the most half-days filled, then the best-ranked wishes, the earlier entry, the earlier request, and a draw seeded by the commission
policy-balanced = balanced, points and planning fit weighed in one objective, then wishes and the earlier request; departures from points order are counted below
policy-greedy = greedy, requests in points order, each given its best wish that still fits
policy-recorded = as recorded in the allocation
minutes-summary = Summary
minutes-summary-requests = { $requests } requests: { $placed } placed, { $waiting } waiting
minutes-summary-half-days = half-days filled: { $filled } of { $free } free ({ $pct })
minutes-summary-first-wish = first-wish rate: { $pct }
minutes-summary-departures = departures from points order: { $n }
minutes-bareme = Barème in force
col-criterion = criterion (rules, III.4)
col-points = points
minutes-history = History: { $renewal } per renewal, { $malus } per child not brought within 15 days (cumulative). Points are computed before the commission; a crèche-specific criterion counts at that crèche only.
minutes-places = Places by crèche and section
minutes-section = { $placed } placed, { $filled } of { $free } half-days filled ({ $pct }).
minutes-cutoff = Cut-off points: { $cutoff }.
cutoff-both = { $placed }; { $waiting }
cutoff-last-placed = last placed { $request } ({ $points } pts)
cutoff-first-waiting = first waiting { $request } ({ $points } pts)
cutoff-nobody-placed = nobody placed
cutoff-nobody-waited = nobody waited
cutoff-not-computed = not computed
minutes-block = Places from { $from } (placed / free):
minutes-block-n = Block { $k }, places from { $from } (placed / free):
col-request = request
col-wish = wish
col-entry = entry
col-block = block
col-half-days = half-days
col-planning = planning
col-creche = crèche
col-placed = placed
col-ahead-of = ahead of
col-justification = justification
minutes-waiting = Waiting list, in offer order
minutes-nobody-waits = Nobody waits.
minutes-departures = Departures from points order
minutes-no-departure = None: no request was placed ahead of a request with more points that could have used its place.
minutes-no-justification = no justification recorded in the allocation
minutes-suggestions = What it would take
minutes-suggestions-intro = For each waiting request, changes that would have given it a place in this commission, { $scope } ({ $solves } re-solves).
minutes-reproducibility = Reproducibility
footer-input = input (instance) SHA-256
footer-allocation = allocation JSON SHA-256
footer-program = program
footer-options = solver options
footer-options-value = strategy { $strategy }, threads { $threads }, time limit { $limit }, mip_rel_gap 0, mip_abs_gap 0.5, random_seed { $seed }
footer-no-limit = none
footer-seed = commission seed (tie-break draw)
footer-rerun = re-run
footer-reproducible = Re-running the command on the same instance (same SHA-256) gives an allocation file with the same SHA-256.
footer-not-reproducible = A time limit cut this solve short: a re-run may give another allocation.
minutes-sign-chair = The chair of the commission
minutes-sign-guichet = The Guichet Unique

## What it would take (suggestions)

scope-commission = each checked by re-solving the whole commission with that change alone (other families displaced only as the policy allows)
scope-free-places = each checked by re-solving, with that change alone, the places the allocation left free (every family placed keeps its place)
note-no-single-change = no single change of its planning, entry date, wishes or points within this commission's places gives it a place
note-no-single-change-free-places = no single change of its planning, entry date or wishes fits the places this commission left free
change-drop-half-day = without { $day } { $slot } in the planning
change-drop-day = without { $day } in the planning
change-later-entry = entering on { $start } ({ $days } days later)
change-add-creche = with { $creche } added as a last wish
change-more-points = with { $points } more { $points ->
    [one] point
   *[other] points
  } at { $creche }
suggestion-words = { $change }: a place at { $place }
place-from = { $place } from { $date }
outcome-placed = { $creche } / { $section } (wish { $rank })
outcome-placed-detailed = { $creche } / { $section } block { $block } (wish { $rank }) from { $date }
outcome-waiting = waiting (#{ $position })
suggestion-line = { $words }; { $others }
others-none = every other family keeps its place
others-one = { $request } ({ $points } pts) { $kind }: { $before } → { $after } ({ $why })
others-within-policy = as the policy allows: { $list }
others-not-policy = NOT only by points order: { $list }
suggest-not-enough = re-solved, not enough: { $list }
diff-kind-gains = gains a place
diff-kind-loses = loses its place
diff-kind-changes-creche = changes crèche
diff-kind-changes-place = changes section, block or date
why-same-creche = same crèche, another section, block or entry date: it keeps its crèche, its section and block move so that others fit
why-better-off = better off: the change frees or rearranges places it can use
why-not-in-base = not in the base commission
why-had-no-place = it had no place
why-gives-way = gives way at { $creche } to { $to } ({ $their-points } pts there, it has { $own-points }): points order
why-tie-break = ties at { $creche } with { $with } ({ $points } pts): the tie-breaks decide (half-days filled, wish rank, earlier request)
why-departure = nobody with its points ({ $own-points }) came into { $creche }: a departure from points order
fewest-bisected = { $points } places it, { $below } does not (both re-solved)
fewest-budget-spent = { $points } places it; fewer was not searched to the end (solve budget)
fewest-tie-not-solved = { $points } places it; with { $below } it would tie with a request in its way and the tie-breaks decide (not re-solved)
fewest-none-without = { $points } places it; without extra points it waits
fewest-no-fit-below = { $points } places it; with { $below } it would not fit beside the requests with more points

## What-if comparison

diff-same-creche = same crèche: section { $from-section } → { $to-section }, block { $from-block } → { $to-block }, entry { $from-date } → { $to-date }
diff-before-at = before, at { $creche }: { $why }
diff-not-wished-before = { $creche } was not among its wishes before
diff-now-at = now, at { $creche }: { $why }
diff-no-longer-wished = { $creche } is no longer among its wishes
diff-with-note = { $text }; { $note }
variant-set-points = barème “{ $criterion }”: { $before } → { $after }
variant-add-criterion = barème “{ $criterion }” added: { $points }
variant-remove-criterion = barème “{ $criterion }” removed ({ $n } { $n ->
    [one] request
   *[other] requests
  } had it)
variant-close-creche = { $creche } closed ({ $removed } free half-days removed)
variant-open-creche = { $creche } opened, wished just after { $after } by { $n } { $n ->
    [one] request
   *[other] requests
  }
variant-policy = policy { $strategy }
variant-tolerance = start tolerance: { $before } → { $after } days
variant-places-add = { $creche } / { $section } block { $block }: { $signed } { $n ->
    [one] place
   *[other] places
  } on { $days }
variant-places-set = { $creche } / { $section } block { $block }: { $n } { $n ->
    [one] place
   *[other] places
  } on { $days }
report-intro = Commission { $commission }; base solved with { $strategy }; { $n } { $n ->
    [one] variant
   *[other] variants
  }. Each variant is the base with the changes listed under it, solved on its own.
report-unproven = †: allocation not proven optimal (a time limit stopped it, or it is the spreadsheet heuristic): its figures may be bettered.
report-in-short = In short
headline = { $variant }: { $families }; { $half-days } half-days filled, occupancy { $from } → { $to }; priority inversions { $inv-from } → { $inv-to }
headline-same = the same number of families placed ({ $placed })
headline-more = { $n } more { $n ->
    [one] family
   *[other] families
  } placed ({ $placed } instead of { $base })
headline-fewer = { $n } FEWER { $n ->
    [one] family
   *[other] families
  } placed ({ $placed } instead of { $base })
report-figures = Figures side by side
row-placed = requests placed
row-filled = half-days filled a week
row-free = free half-days a week
row-occupancy = occupancy (%)
row-first-wish = first-wish rate (%)
row-mean-points = mean points of placed
row-inversions = priority inversions
row-min-points = minimum points of placed
row-policy = policy, status
row-moves = gains / losses / crèche changes
report-placed-occupancy = Placed and occupancy
report-occupancy-table = Occupancy per crèche and section
report-occupancy-first = crèche / section: occupancy (placed)
report-no-free-place = no free place
report-groups = Requests served per criterion group
group-single-parents = single parents
group-disability-or-illness = disability or illness
group-social-priority = social priority
group-working-couples = working couples
group-twins-several-children = twins, several children
report-groups-first = group (criteria): placed / requests
report-heat = Occupancy by half-day
report-heat-note = Each cell: places used / free places of the section that half-day, over all its blocks; darker is fuller, grey has no free place. A cell outlined in orange differs from the base. In the tables, a highlighted cell differs from the base.
report-points = Points of placed and waiting requests
report-points-note = Offer-order points: a request's best points over its wishes. Every histogram has the same scale, so that they compare.
report-requests = Request by request
report-diff-summary = { $variant }: { $gains } gain(s), { $losses } loss(es), { $creche } change(s) of crèche, { $place } other change(s) of place
report-changes = Changes:
report-first-better = First change in points order: { $request } ({ $points } points) gets a better outcome.
report-first-worse = First change in points order: { $request } ({ $points } points) gets a worse outcome.
report-no-change = No request changes place.
col-change = change
col-base = base
col-variant = variant
col-why = why
chart-placed = Requests placed
chart-occupancy = Occupancy (% of free half-days)
chart-heat = Occupancy by half-day: { $variant }
chart-used = { $pct } % used
chart-points = Points of placed and waiting requests: { $variant }
chart-points-x = points
chart-points-y = requests
chart-placed-legend = placed
chart-waiting-legend = waiting
table-title = { $title } (commission { $commission })
table-variant = variant
table-policy = policy
table-placed = placed
table-half-days = half-days
table-occupancy = occupancy
table-first-wish = 1st wish
table-mean = mean pts
table-min = min pts
table-inversions = inv.
table-moves = gain/loss/move
table-note = note: { $text }
table-not-proven = { $variant } stopped at the time limit (status feasible): its figures are not proven optimal

## Terminal summary

summary-commission = Commission { $id } ({ $date }), entries { $from } to { $to }
summary-strategy = Strategy { $strategy }: status { $status }{ $gap }
summary-gap = , gap { $gap }
summary-gap-unknown = , gap unknown (the time limit stopped a stage before its first solution)
summary-greedy-fallback = The time limit came before the solver found an allocation: this is the greedy one (points order, first wish that fits), as a fallback.
summary-solver = Solver: { $solves } solve(s), model { $variables } variables × { $rows } rows; optima: { $optima }
summary-time = Time: { $total } ms total (options { $options }, model build { $build }, HiGHS { $solve }, explanations { $explain })
summary-col-creche = crèche
summary-col-section = section
summary-col-free = free h-d
summary-col-placed = placed
summary-col-filled = filled
summary-col-occupancy = occupancy
summary-total = total
summary-placed = { $placed } of { $requests } requests placed, first-wish rate { $first-wish }, priority inversions { $inversions }
summary-waiting = Waiting list (first { $shown } of { $n }):
cascade-head = Commission { $id } as of { $as-of }: { $n } new { $n ->
    [one] offer
   *[other] offers
  }
cascade-offer = offer { $request } ({ $points } pts): { $creche } / { $section } block { $block } from { $date }, wish { $rank }; answer by { $answer-by }
cascade-cancelled = Cancelled after three refusals: { $list }

## Command line

cli-error = error: { $message }
written-allocation = Allocation written to { $path }
written-state = State written to { $path }
written-carried = Carried requests written to { $path }
written-minutes = Minutes written to { $path }
written-report = Report: { $path }
written-figures = Figures: { $path }
validate-ok = valid: commission { $id } with { $creches } crèches, { $requests } requests, { $groups } sibling groups
generate-written = { $id }: { $creches } crèches, { $requests } requests, written to { $path }
progress-requests = requests
progress-left = left
progress-solved = solved
suggest-progress-line = [{ $k }/{ $n }] { $request } ({ $points } pts): { $found } suggestion(s), { $solves } re-solve(s)
suggest-done = Suggestions for { $n } waiting request(s) in { $elapsed } s ({ $solving } s in { $solves } re-solves, { $outside } s generating and pre-filtering): { $candidates } changes generated, { $filtered } dropped by the pre-filter.
suggest-base-solved = Base allocation solved in { $seconds } s.
suggest-title = What it would take, commission { $id } ({ $strategy }), { $scope }:
compare-solving = solving { $variant }
compare-solved = [{ $k }/{ $n }] { $variant }: solved in { $seconds } s
compare-reused = [{ $k }/{ $n }] { $variant }: same as an earlier variant ({ $seconds } s)
compare-done = { $n } allocation(s) in { $seconds } s ({ $solving } s solving).
bench-head = median of { $runs } run(s) per row; peak memory: largest resident set of a solve's process; time limit: { $limit }
bench-no-limit = none

## The commission's decisions

decision-place = placing { $request } at { $creche }
decision-exclude = excluding { $request } from { $creche }
decision-defer = deferring { $request } to the next commission { $bonus ->
    [true] with the renewal bonus
   *[other] without the renewal bonus
  }
decision-reserve = reserving { $places ->
    [one] one place
   *[other] { $places } places
  } at { $creche } / { $section } ({ $day } { $slot })
consequence = { $decision } { $effects }
consequence-none = { $decision } changes no other family's place
effect-gains = gives { $request } ({ $points } points) a place at { $creche } (wish { $rank })
effect-moves = moves { $request } ({ $points } points) to its wish { $rank } ({ $creche })
effect-loses = leaves { $request } ({ $points } points) waiting
effect-place = changes the section, block or entry date of { $request } ({ $points } points)
effect-blocking = has { $request } ({ $points } points) passed over by { $holders } at { $creche }
effect-holder = { $request } ({ $points } points)
summary-decisions = Consequences of the commission's decisions:
summary-decision = { $number }. { $summary } — reason: { $reason }
minutes-decisions = The commission's decisions
minutes-decisions-intro = The commission, which decides, departed from the optimizer's proposal by the following decisions; each is compared with the allocation without it (the decisions before it applied).
minutes-decision-reason = reason: { $reason }
minutes-decision-consequences = Consequences: { $consequences }
minutes-held-title = Places held in reserve (out of the allocation)
minutes-held = { $creche } / { $section }, block { $block }: { $places ->
    [one] one place
   *[other] { $places } places
  } held in reserve, { $day } { $slot } (decision no. { $decision })
minutes-decision-departures = Departures from points order the decisions caused
minutes-decision-no-departure = None: the decisions pass no family over for a family with fewer points.
footer-decisions = decisions SHA-256
