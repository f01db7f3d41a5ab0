# Messages en français (langue par défaut des documents).
# Chaque identifiant existe aussi dans en.ftl (un test le vérifie).
# Les arguments { $creche } et { $section } sont déjà des noms (nom de la
# crèche, libellé de la section), les dates déjà en toutes lettres.

## Généralités

points-short = { $points } pts
points-position = { $points } pts, n° { $position }
reason-at = { $creche } : { $reason }
status-optimal = optimale (prouvée)
status-feasible = réalisable, non prouvée optimale (limite de temps)
status-heuristic = heuristique (sans preuve d'optimalité)
day-mon = lun.
day-tue = mar.
day-wed = mer.
day-thu = jeu.
day-fri = ven.
day-sat = sam.
day-sun = dim.
slot-am = matin
slot-pm = après-midi

## Raisons de l'attribution : une par code (docs/format.md, « Reason codes »).
## { $section } est déjà « section Bébés » (ou le libellé s'il dit « section »),
## { $half-days } « le mercredi après-midi », { $holders } « D-0027, 23 pts ; … ».

list-sep = {", "}
list-semi = {" ; "}
list-and = { $list } et { $last }
section-noun = section
section-named = section { $label }
section-labelled = { $label }
day-long-mon = lundi
day-long-tue = mardi
day-long-wed = mercredi
day-long-thu = jeudi
day-long-fri = vendredi
day-long-sat = samedi
day-long-sun = dimanche
slot-long-am = matin
slot-long-pm = après-midi
half-days-day = le { $day }
half-days-half-day = le { $day } { $slot }
reason-who-child = cet enfant
reason-who-group = la fratrie { $group } ({ $children } enfants)
reason-holder = { $request }, { $points } pts
reason-holders-more = { $list } ; et { $more } { $more ->
    [one] autre
   *[other] autres
  }
reason-age-below-section = l'enfant aura { $age-months } mois à son entrée le { $entry-date }, en deçà de l'âge minimum de la { $section } ({ $limit-months } mois)
reason-age-above-section = l'enfant aura { $age-months } mois à son entrée le { $entry-date }, au-delà de l'âge maximum de la { $section } ({ $limit-months } mois)
reason-under-ten-weeks = l'enfant n'aura que { $weeks } { $weeks ->
    [one] semaine
   *[other] semaines
  } le { $entry-date }, en deçà des 10 semaines requises
reason-not-free-in-time = la { $section } n'a aucune place libre au { $latest-date } (entrée souhaitée le { $start }, avec { $tolerance-days } { $tolerance-days ->
    [one] jour
   *[other] jours
  } de tolérance) : ses places se libèrent le { $available-from }
reason-planning-no-place = la { $section } n'a aucune place libre { $half-days }
reason-no-free-place = la crèche n'a aucune place libre pour cette commission
reason-sibling-group-eligibility = les { $children } enfants de la fratrie { $group } ne peuvent pas tous être accueillis dans cette crèche (l'âge, la date d'entrée ou le planning de l'un d'eux ne le permet pas)
reason-sibling-group-capacity = les places libres de la crèche { $creche } ne peuvent accueillir ensemble les { $children } enfants de la fratrie { $group }, même si personne d'autre n'y était placé
reason-held-by-more-points = les places libres de la { $section } de la crèche { $creche } { $half-days } ne peuvent accueillir { $who } avec { $families ->
    [one] la famille placée qui a
   *[other] les { $families } familles placées qui ont
  } plus de points ({ $holders })
reason-held-by-more-points-anywhere = les places libres de la crèche { $creche } ne peuvent accueillir { $who } avec { $families ->
    [one] la famille placée qui a
   *[other] les { $families } familles placées qui ont
  } plus de points ({ $holders })
reason-tie-lost = à égalité de points ({ $points } pts) avec { $winner }, qui occupe la place à la crèche { $creche } : { $settled-by }
settled-by-half-days = le départage s'est fait sur les demi-journées occupées (le groupe d'ex æquo en remplit ainsi davantage)
settled-by-wish = le départage s'est fait sur le rang du vœu (cette crèche est mieux classée parmi les vœux de l'autre famille)
settled-by-entry-date = le départage s'est fait sur la date d'entrée (l'autre famille entre plus tôt)
settled-by-earlier-request = le départage s'est fait sur l'ancienneté de la demande (l'autre demande est plus ancienne)
settled-by-draw = le départage s'est fait par le tirage au sort de la commission
settled-by-group = le départage s'est fait sur ce qui vaut le mieux pour l'ensemble du groupe d'ex æquo (demi-journées, puis vœux, puis dates d'entrée)
reason-departure = écart à l'ordre des points : { $who } trouverait sa place à la crèche { $creche } à côté de toutes les familles placées qui ont au moins autant de points, mais { $families ->
    [one] une famille qui a moins de points y occupe
   *[other] { $families } familles qui ont moins de points y occupent
  } la place ({ $holders }) : { $cause }
reason-placed-ahead = placée devant { $families ->
    [one] une famille qui a
   *[other] { $families } familles qui ont
  } plus de points ici ({ $holders }) : { $cause }
cause-greedy = la méthode du tableur prend les demandes dans l'ordre des points, chacune dans la première crèche qui convient
cause-balanced = la politique équilibrée a échangé des points contre l'adéquation du planning
cause-sibling-group = placée avec sa fratrie : les frères et sœurs ensemble ou pas du tout
cause-crossing-points = points propres à une crèche : les crèches classent ces familles dans des ordres qui se croisent, et aucun arrangement ne les satisfait toutes
cause-time-limit = la limite de temps a arrêté l'optimiseur avant
reason-placed-by-commission = placée par décision de la commission (décision n° { $decision })
reason-placed-by-commission-ahead = placée par décision de la commission (décision n° { $decision }), devant { $families ->
    [one] une famille qui a
   *[other] { $families } familles qui ont
  } plus de points ici ({ $holders })
reason-excluded-by-commission = la commission a écarté cette crèche pour { $who } (décision n° { $decision })
reason-deferred-by-commission = la commission a reporté la demande à la prochaine commission (décision n° { $decision }), { $renewal-bonus ->
    [true] avec le bonus de renouvellement
   *[other] sans le bonus de renouvellement
  }
cause-decision = une décision de la commission

## Procès-verbal

minutes-title = Procès-verbal de la commission d'attribution { $id }
minutes-intro = Commission du { $date }, pour les entrées du { $from } au { $to } (tolérance sur la date d'entrée : { $tolerance } jours). Les dossiers sont présentés de manière anonyme : chaque demande par son numéro, avec ses points, ses dates et son planning seulement.
minutes-gap = , écart { $gap }
minutes-gap-unknown = , écart inconnu
minutes-policy = Stratégie { $strategy } (statut : { $status }{ $gap }). Politique : { $policy }.
policy-priority = ordre strict des points : les familles sont servies dans l'ordre des points, et chaque groupe de familles à égalité de points reçoit ce qui est le meilleur pour lui, toute famille ayant plus de points gardant sa crèche et une date d'entrée qui n'est pas plus tardive (sections et blocs peuvent être réarrangés) ; à égalité de points, le plus de demi-journées occupées, puis les vœux les mieux classés, l'entrée la plus tôt, la demande la plus ancienne, et un tirage au sort initialisé par la commission
policy-balanced = équilibrée, les points et l'adéquation du planning pesés dans un même objectif, puis les vœux et la demande la plus ancienne ; les écarts à l'ordre des points sont comptés plus bas
policy-greedy = tableur, les demandes dans l'ordre des points, chacune recevant son meilleur vœu encore possible
policy-recorded = telle qu'enregistrée dans l'attribution
minutes-summary = Résumé
minutes-summary-requests = { $requests } demandes : { $placed } { $placed ->
    [one] placée
   *[other] placées
  }, { $waiting } en attente
minutes-summary-half-days = demi-journées occupées : { $filled } sur { $free } libres ({ $pct })
minutes-summary-first-wish = part des premiers vœux : { $pct }
minutes-summary-departures = écarts à l'ordre des points : { $n }
minutes-bareme = Barème en vigueur
col-criterion = critère (règlement, III.4)
col-points = points
minutes-history = Historique : { $renewal } par représentation de la demande, { $malus } par enfant non présenté dans les 15 jours (cumulatif). Les points sont calculés avant la commission ; un critère propre à une crèche ne compte que dans cette crèche.
minutes-places = Places par crèche et par section
minutes-section = { $placed } { $placed ->
    [one] enfant placé
   *[other] enfants placés
  }, { $filled } demi-journées occupées sur { $free } ({ $pct }).
minutes-cutoff = Points de coupure : { $cutoff }.
cutoff-both = { $placed } ; { $waiting }
cutoff-last-placed = dernier placé { $request } ({ $points } pts)
cutoff-first-waiting = premier en attente { $request } ({ $points } pts)
cutoff-nobody-placed = personne n'est placé
cutoff-nobody-waited = personne n'attend
cutoff-not-computed = non calculés
minutes-block = Places libres à partir du { $from } (placés / libres) :
minutes-block-n = Bloc { $k }, places libres à partir du { $from } (placés / libres) :
col-request = demande
col-wish = vœu
col-entry = entrée
col-block = bloc
col-half-days = demi-journées
col-planning = planning
col-creche = crèche
col-placed = placée
col-ahead-of = devant
col-justification = justification
minutes-waiting = Liste d'attente, dans l'ordre des propositions
minutes-nobody-waits = Personne n'attend.
minutes-departures = Écarts à l'ordre des points
minutes-no-departure = Aucun : aucune demande n'a été placée devant une demande ayant plus de points qui aurait pu prendre sa place.
minutes-no-justification = aucune justification enregistrée dans l'attribution
minutes-suggestions = Ce qu'il faudrait
minutes-suggestions-intro = Pour chaque demande en attente, les changements qui lui auraient donné une place dans cette commission, { $scope } ({ $solves } résolutions).
minutes-reproducibility = Reproductibilité
footer-input = SHA-256 de l'instance
footer-allocation = SHA-256 du JSON de l'attribution
footer-program = programme
footer-options = options du solveur
footer-options-value = stratégie { $strategy }, { $threads } fil(s), limite de temps { $limit }, mip_rel_gap 0, mip_abs_gap 0.5, random_seed { $seed }
footer-no-limit = aucune
footer-seed = graine de la commission (tirage au sort des ex æquo)
footer-rerun = pour refaire le calcul
footer-reproducible = Relancer la commande sur la même instance (même SHA-256) donne un fichier d'attribution de même SHA-256.
footer-not-reproducible = Une limite de temps a interrompu cette résolution : une nouvelle exécution peut donner une autre attribution.
minutes-sign-chair = La présidence de la commission
minutes-sign-guichet = Le Guichet Unique

## Ce qu'il faudrait (suggestions)

scope-commission = chacun vérifié en résolvant à nouveau toute la commission avec ce seul changement (les autres familles ne sont déplacées que comme la politique le permet)
scope-free-places = chacun vérifié en résolvant à nouveau, avec ce seul changement, les places que l'attribution a laissées libres (chaque famille placée garde sa place)
note-no-single-change = aucun changement unique de son planning, de sa date d'entrée, de ses vœux ou de ses points ne lui donne une place parmi celles de cette commission
note-no-single-change-free-places = aucun changement unique de son planning, de sa date d'entrée ou de ses vœux ne tient dans les places que cette commission a laissées libres
change-drop-half-day = sans le { $day } { $slot } dans le planning
change-drop-day = sans le { $day } dans le planning
change-later-entry = en entrant le { $start } ({ $days } jours plus tard)
change-add-creche = en ajoutant { $creche } comme dernier vœu
change-more-points = avec { $points } { $points ->
    [one] point
   *[other] points
  } de plus à { $creche }
suggestion-words = { $change } : une place à { $place }
place-from = { $place } à partir du { $date }
outcome-placed = { $creche } / { $section } (vœu { $rank })
outcome-placed-detailed = { $creche } / { $section }, bloc { $block } (vœu { $rank }), à partir du { $date }
outcome-waiting = en attente (n° { $position })
suggestion-line = { $words } ; { $others }
others-none = toutes les autres familles gardent leur place
others-one = { $request } ({ $points } pts) { $kind } : { $before } → { $after } ({ $why })
others-within-policy = comme la politique le permet : { $list }
others-not-policy = PAS seulement selon l'ordre des points : { $list }
suggest-not-enough = résolus à nouveau sans succès : { $list }
diff-kind-gains = obtient une place
diff-kind-loses = perd sa place
diff-kind-changes-creche = change de crèche
diff-kind-changes-place = change de section, de bloc ou de date
why-same-creche = même crèche, autre section, bloc ou date d'entrée : la famille garde sa crèche, sa section et son bloc bougent pour que d'autres trouvent place
why-better-off = mieux lotie : le changement libère ou réarrange des places qui lui servent
why-not-in-base = absente de la commission de base
why-had-no-place = elle n'avait pas de place
why-gives-way = cède la place à { $creche } à { $to } ({ $their-points } pts là-bas, elle en a { $own-points }) : ordre des points
why-tie-break = ex æquo à { $creche } avec { $with } ({ $points } pts) : les critères de départage décident (demi-journées occupées, rang du vœu, demande la plus ancienne)
why-departure = personne ayant ses points ({ $own-points }) n'est entré à { $creche } : un écart à l'ordre des points
fewest-bisected = { $points } la placent, { $below } non (les deux résolus)
fewest-budget-spent = { $points } la placent ; moins n'a pas été cherché jusqu'au bout (budget de résolutions)
fewest-tie-not-solved = { $points } la placent ; avec { $below }, elle serait ex æquo avec une demande sur son chemin et les critères de départage décideraient (non résolu)
fewest-none-without = { $points } la placent ; sans points de plus, elle attend
fewest-no-fit-below = { $points } la placent ; avec { $below }, elle ne tiendrait pas à côté des demandes ayant plus de points

## Comparaison de scénarios

diff-same-creche = même crèche : section { $from-section } → { $to-section }, bloc { $from-block } → { $to-block }, entrée { $from-date } → { $to-date }
diff-before-at = avant, à { $creche } : { $why }
diff-not-wished-before = { $creche } ne figurait pas parmi ses vœux avant
diff-now-at = maintenant, à { $creche } : { $why }
diff-no-longer-wished = { $creche } ne figure plus parmi ses vœux
diff-with-note = { $text } ; { $note }
variant-set-points = barème « { $criterion } » : { $before } → { $after }
variant-add-criterion = barème « { $criterion } » ajouté : { $points }
variant-remove-criterion = barème « { $criterion } » retiré ({ $n } { $n ->
    [one] demande l'avait
   *[other] demandes l'avaient
  })
variant-close-creche = { $creche } fermée ({ $removed } demi-journées libres retirées)
variant-open-creche = { $creche } ouverte, souhaitée juste après { $after } par { $n } { $n ->
    [one] demande
   *[other] demandes
  }
variant-policy = politique { $strategy }
variant-tolerance = tolérance sur la date d'entrée : { $before } → { $after } jours
variant-places-add = { $creche } / { $section } bloc { $block } : { $signed } { $n ->
    [one] place
   *[other] places
  } le { $days }
variant-places-set = { $creche } / { $section } bloc { $block } : { $n } { $n ->
    [one] place
   *[other] places
  } le { $days }
report-intro = Commission { $commission } ; base résolue avec { $strategy } ; { $n } { $n ->
    [one] variante
   *[other] variantes
  }. Chaque variante est la base avec les changements listés sous elle, résolue seule.
report-unproven = † : attribution non prouvée optimale (une limite de temps l'a arrêtée, ou c'est la méthode heuristique du tableur) : ses chiffres peuvent être dépassés.
report-in-short = En bref
headline = { $variant } : { $families } ; { $half-days } demi-journées occupées, taux d'occupation { $from } → { $to } ; inversions de priorité { $inv-from } → { $inv-to }
headline-same = le même nombre de familles placées ({ $placed })
headline-more = { $n } { $n ->
    [one] famille placée
   *[other] familles placées
  } de plus ({ $placed } au lieu de { $base })
headline-fewer = { $n } { $n ->
    [one] famille placée
   *[other] familles placées
  } EN MOINS ({ $placed } au lieu de { $base })
report-figures = Les chiffres côte à côte
row-placed = demandes placées
row-filled = demi-journées occupées par semaine
row-free = demi-journées libres par semaine
row-occupancy = taux d'occupation (%)
row-first-wish = part des premiers vœux (%)
row-mean-points = points moyens des placés
row-inversions = inversions de priorité
row-min-points = points minimum des placés
row-policy = politique, statut
row-moves = gains / pertes / changements de crèche
report-placed-occupancy = Placés et taux d'occupation
report-occupancy-table = Taux d'occupation par crèche et par section
report-occupancy-first = crèche / section : occupation (placés)
report-no-free-place = aucune place libre
report-groups = Demandes servies par groupe de critères
group-single-parents = familles monoparentales
group-disability-or-illness = handicap ou maladie
group-social-priority = priorité sociale
group-working-couples = couples bi-actifs
group-twins-several-children = jumeaux, plusieurs enfants
report-groups-first = groupe (critères) : placés / demandes
report-heat = Occupation par demi-journée
report-heat-note = Chaque case : places occupées / places libres de la section cette demi-journée, tous blocs confondus ; plus foncé est plus plein, gris n'a pas de place libre. Une case cerclée d'orange diffère de la base. Dans les tableaux, une case surlignée diffère de la base.
report-points = Points des demandes placées et en attente
report-points-note = Points dans l'ordre des propositions : les meilleurs points d'une demande sur ses vœux. Tous les histogrammes ont la même échelle, pour être comparés.
report-requests = Demande par demande
report-diff-summary = { $variant } : { $gains } gain(s), { $losses } perte(s), { $creche } changement(s) de crèche, { $place } autre(s) changement(s) de place
report-changes = Changements :
report-first-better = Premier changement dans l'ordre des points : { $request } ({ $points } points) obtient un meilleur résultat.
report-first-worse = Premier changement dans l'ordre des points : { $request } ({ $points } points) obtient un moins bon résultat.
report-no-change = Aucune demande ne change de place.
col-change = changement
col-base = base
col-variant = variante
col-why = pourquoi
chart-placed = Demandes placées
chart-occupancy = Occupation (% des demi-journées libres)
chart-heat = Occupation par demi-journée : { $variant }
chart-used = { $pct } % occupé
chart-points = Points des placés et des demandes en attente : { $variant }
chart-points-x = points
chart-points-y = demandes
chart-placed-legend = placées
chart-waiting-legend = en attente
table-title = { $title } (commission { $commission })
table-variant = variante
table-policy = politique
table-placed = placés
table-half-days = demi-journées
table-occupancy = occupation
table-first-wish = 1er vœu
table-mean = pts moy.
table-min = pts min
table-inversions = inv.
table-moves = gain/perte/dépl.
table-note = note : { $text }
table-not-proven = { $variant } s'est arrêtée à la limite de temps (statut réalisable) : ses chiffres ne sont pas prouvés optimaux

## Résumé sur le terminal

summary-commission = Commission { $id } du { $date }, entrées du { $from } au { $to }
summary-strategy = Stratégie { $strategy } : statut { $status }{ $gap }
summary-gap = , écart { $gap }
summary-gap-unknown = , écart inconnu (la limite de temps a arrêté une étape avant sa première solution)
summary-greedy-fallback = La limite de temps est arrivée avant que le solveur trouve une attribution : voici celle du tableur (ordre des points, premier vœu qui convient), en repli.
summary-solver = Solveur : { $solves } résolution(s), modèle de { $variables } variables × { $rows } lignes ; optima : { $optima }
summary-time = Temps : { $total } ms au total (options { $options }, construction du modèle { $build }, HiGHS { $solve }, explications { $explain })
summary-col-creche = crèche
summary-col-section = section
summary-col-free = d-j libres
summary-col-placed = placés
summary-col-filled = occupées
summary-col-occupancy = occupation
summary-total = total
summary-placed = { $placed } demandes placées sur { $requests }, part des premiers vœux { $first-wish }, inversions de priorité { $inversions }
summary-waiting = Liste d'attente ({ $shown } premières sur { $n }) :
cascade-head = Commission { $id } au { $as-of } : { $n } { $n ->
    [one] nouvelle proposition
   *[other] nouvelles propositions
  }
cascade-offer = proposition { $request } ({ $points } pts) : { $creche } / { $section } bloc { $block } à partir du { $date }, vœu { $rank } ; réponse avant le { $answer-by }
cascade-cancelled = Annulées après trois refus : { $list }

## Ligne de commande

cli-error = erreur : { $message }
written-allocation = Attribution écrite dans { $path }
written-state = État écrit dans { $path }
written-carried = Demandes reportées écrites dans { $path }
written-minutes = Procès-verbal écrit dans { $path }
written-report = Rapport : { $path }
written-figures = Chiffres : { $path }
validate-ok = valide : commission { $id } avec { $creches } crèches, { $requests } demandes, { $groups } groupes de fratrie
generate-written = { $id } : { $creches } crèches, { $requests } demandes, écrit dans { $path }
progress-requests = demandes
progress-left = reste
progress-solved = résolues
suggest-progress-line = [{ $k }/{ $n }] { $request } ({ $points } pts) : { $found } suggestion(s), { $solves } résolution(s)
suggest-done = Suggestions pour { $n } demande(s) en attente en { $elapsed } s ({ $solving } s en { $solves } résolutions, { $outside } s à générer et filtrer) : { $candidates } changements générés, { $filtered } écartés par le pré-filtre.
suggest-base-solved = Attribution de base résolue en { $seconds } s.
suggest-title = Ce qu'il faudrait, commission { $id } ({ $strategy }), { $scope } :
compare-solving = résolution de { $variant }
compare-solved = [{ $k }/{ $n }] { $variant } : résolue en { $seconds } s
compare-reused = [{ $k }/{ $n }] { $variant } : identique à une variante précédente ({ $seconds } s)
compare-done = { $n } attribution(s) en { $seconds } s ({ $solving } s de résolution).
bench-head = médiane de { $runs } exécution(s) par ligne ; mémoire maximale : le plus grand ensemble résident du processus d'une résolution ; limite de temps : { $limit }
bench-no-limit = aucune

## Décisions de la commission

decision-place = placer { $request } à { $creche }
decision-exclude = écarter { $request } de { $creche }
decision-defer = reporter { $request } à la prochaine commission { $bonus ->
    [true] avec le bonus de renouvellement
   *[other] sans le bonus de renouvellement
  }
decision-reserve = réserver { $places ->
    [one] une place
   *[other] { $places } places
  } à { $creche } / { $section } ({ $day } { $slot })
consequence = { $decision } { $effects }
consequence-none = { $decision } ne change la place d'aucune autre famille
effect-gains = donne à { $request } ({ $points } points) une place à { $creche } (vœu { $rank })
effect-moves = déplace { $request } ({ $points } points) vers son vœu { $rank } ({ $creche })
effect-loses = laisse { $request } ({ $points } points) en attente
effect-place = change la section, le bloc ou la date d'entrée de { $request } ({ $points } points)
effect-blocking = fait passer { $request } ({ $points } points) après { $holders } à { $creche }
effect-holder = { $request } ({ $points } points)
summary-decisions = Conséquences des décisions de la commission :
summary-decision = { $number }. { $summary } — motif : { $reason }
minutes-decisions = Décisions de la commission
minutes-decisions-intro = La commission, instance décisionnaire, s'est écartée de la proposition de l'optimiseur par les décisions suivantes ; chacune est comparée à l'attribution sans elle (les décisions précédentes appliquées).
minutes-decision-reason = motif : { $reason }
minutes-decision-consequences = Conséquences : { $consequences }
minutes-held-title = Places tenues en réserve (hors attribution)
minutes-held = { $creche } / { $section }, bloc { $block } : { $places ->
    [one] une place tenue
   *[other] { $places } places tenues
  } en réserve, { $day } { $slot } (décision n° { $decision })
minutes-decision-departures = Écarts à l'ordre des points dus aux décisions
minutes-decision-no-departure = Aucun : les décisions ne font passer aucune famille après une famille qui a moins de points.
footer-decisions = SHA-256 des décisions
