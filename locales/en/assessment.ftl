# Computed statuses, the transparency score and the methodology, English.
reason-terminated = terminated on { $date }
reason-proposed = only a Letter of Intent, signed { $date }; no MoU on record
reason-no-agreement = no agreement on record
reason-undated = no dated agreement on record
reason-not-yet-in-force = signed, in force from { $date }
reason-in-force-until = { $kind } signed { $date }, in force until { $end }
reason-expiring = { $days ->
    [one] ends { $date }, in { $days } day, no renewal on record
   *[other] ends { $date }, in { $days } days, no renewal on record
}
reason-lapsed = expired { $date }, no renewal on record
reason-never-active = no dated activity and no milestone met has been published
reason-active = last sign of activity { $date }
reason-dormant = last sign of activity { $date }, 12 to 36 months ago
reason-silent = last sign of activity { $date }, more than 36 months ago

check-agreement-text-title = Agreement text public
check-agreement-text-why = The content of the MoU is the baseline of any oversight: without it nobody can check what was promised. Agreements of a public body with third parties are public information under UU 14/2008 (Art. 11), with exceptions for information that could harm foreign relations (Art. 17).
check-agreement-text-met = the text of the { $kind } is published
check-agreement-text-not-met = no agreement text (document or link) is published
check-agreement-text-none = no agreement is on record
check-agreement-in-force-title = Agreement in force
check-agreement-in-force-why = MoUs expire unrenewed (Semarang–Brisbane; Central Java's sister provinces): a tie without a valid agreement has no formal basis.
check-roadmap-title = Roadmap published
check-roadmap-why = Operational roadmaps are rarely published (the IKN–Astana critique); without one the public cannot tell what the tie is for.
check-roadmap-met = { $count ->
    [one] { $count } roadmap published
   *[other] { $count } roadmaps published
}
check-roadmap-not-met = no roadmap published
check-milestone-title = Measurable milestone
check-milestone-why = Vague success indicators are a recurring failure; a milestone with a target and a due date can be checked.
check-milestone-met = { $count ->
    [one] { $count } milestone with a target and a due date
   *[other] { $count } milestones with a target and a due date
}
check-milestone-not-met = no milestone with both a measurable target and a due date
check-recent-activity-title = Activity in the last 12 months
check-recent-activity-why = Low-cost yearly exchanges keep a tie alive (Ministry of Public Works, cited by Chandra).
check-recent-activity-met = activity on { $date }
check-recent-activity-not-met = no published activity in the last 12 months
check-participation-title = Non-government participants
check-participation-why = Ties dominated by officials are called elitist; a broad commission (business, academia, community, youth) is a success factor.
check-participation-met = { $count ->
    [one] { $count } activity with non-government participants in the last 24 months
   *[other] { $count } activities with non-government participants in the last 24 months
}
check-participation-not-met = no activity with non-government participants in the last 24 months
check-cost-title = Cost disclosed
check-cost-why = Sister-city ties can be a financial burden on the region; citizens should see what the activities cost. (A roadmap budget is shown on the roadmap; from v2 it no longer counts here, so that one roadmap form cannot move a tie two grades.)
check-cost-met = the cost of an activity is disclosed
check-cost-not-met = no activity cost disclosed

agreement-status = Agreement status
activity-status = Activity status
score = Transparency score
grade = Grade
ceremonial = Ceremonial
ceremonial-explainer = An MoU was signed more than 12 months ago, and there is still no roadmap and no evaluation report.
score-version = Methodology version { $version }
score-breakdown = How the score is made
col-check = Check
col-points = Points
col-met = Met
col-reason = Why
met-yes = met
met-no = not met
score-of = { $score } of 100
derived-explainer = Computed by Pantau from the records on this page and today’s date ({ $date }), by the rules on the methodology page.
nav-methodology = Methodology
fact-average-score = Average transparency score
fact-ceremonial = Ceremonial ties

methodology-title = Methodology
methodology-lead = How Pantau judges a tie: what each status means, how the transparency score is counted, and what the data can and cannot tell. Every figure on the site follows from these rules and the records shown on the tie's page, so anyone can check it.
methodology-version = Methodology version
methodology-score = Transparency score (0–100)
methodology-score-intro = Each tie gets the points of every check it meets. The checks measure what the public can see, not whether a tie is good: a lively tie that publishes nothing scores low, and that is the point.
methodology-why = Why, and the source behind it
methodology-ceremonial = A tie is flagged ceremonial when an MoU was signed more than 12 months ago and there is still no published roadmap and no published evaluation report — the pattern the research calls "ceremonial compliance". A date the source gives only as a year or a month counts from its last possible day, so a tie is never flagged too early.
methodology-place = A place's score is the average of its ties' scores, shown with the number of its ceremonial ties.
rule-grade-A = { $min } points or more
rule-grade-B = { $min } points or more
rule-grade-C = { $min } points or more
rule-grade-D = { $min } points or more
rule-grade-E = below 30 points
methodology-status = Computed statuses
methodology-status-intro = Pantau computes two statuses from the published records, the statuses sources reported and today's date. They are computed, never typed in, and where the record is silent the status says so rather than assuming the best. Where a source and the computed status disagree, the page says so in words.
rule-agreement-status-in-force = the latest MoU or renewal has a recorded end date not yet past (or a renewal covers today), or a recorded open-ended term that the official took from the document's text.
rule-agreement-status-expiring = in force, and the agreement ends within { $days } days with no renewal on record.
rule-agreement-status-lapsed = the end date has passed and no renewal is on record.
rule-agreement-status-proposed = only a Letter of Intent is on record, or the agreement has not started yet.
rule-agreement-status-terminated = a termination is on record and nothing was signed after it.
rule-agreement-status-unknown = no dated agreement is on record.
rule-activity-status-active = a dated activity or a milestone met in the last 12 months. A report is evidence of evaluation, not of activity.
rule-activity-status-dormant = the last such sign of life is 12 to 36 months old.
rule-activity-status-silent = nothing for more than 36 months, or nothing ever.
methodology-dates = Months are calendar months (12 months before 28 February 2025 is 28 February 2024). Dates are kept at the precision of their source: a year stays a year.
methodology-limits = What the data can and cannot say
methodology-limit-reported = Statuses reported by sources are historical: they say what a source reported at its own date, often years ago, and are never used as today's status.
methodology-limit-missing = A missing record means only that nothing has been published here. A step of the procedure that is not on record is not called a breach; the procedure's order differs between sources and takes years in practice.
methodology-limit-coverage = The starter data is a starting set compiled from five Indonesian texts and public web pages, not a complete register; many smaller cities and regencies are missing.
methodology-limit-quality = Some sources are blogs, forums or opinion pieces; they are cited as such on the sources page so that readers can weigh them.
methodology-contest = How to object to or correct a figure
methodology-contest-text = Every figure comes with its reason and the records behind it. If a record is missing or wrong, the official of the place can publish the missing document, roadmap, activity or report, or an independent evaluator can publish a report; published records are corrected with a stated reason, never silently replaced, and the page's history shows every change. Journalists and researchers can write to the editors with the page's permanent link and the evidence.
methodology-literature = Literature behind the rules
lit-safitri = Safitri, N., Syafira, S. P., & Kurniawati, D. E. (c. 2022). Analisa Faktor Penyebab Kegagalan Sister Cities di Indonesia. Universitas Muhammadiyah Malang — failure factors; about 47 ties, 65% not carried out well.
lit-chandra = Chandra, M. P. (n.d.). Efektivitas Sister City dalam Perspektif Keamanan Non-Tradisional. International Women University — success factors of the Ministry of Public Works (yearly goals, regular low-cost exchanges, broad commissions) and negative effects (financial burden).
lit-tjandradewi = Tjandradewi & Marcotullio (2009), cited by Safitri et al. — the five success indicators: commitment, participation, an MoU, mutual benefit, visible results.
lit-yamin = Yamin & Utami (2016), cited by Safitri et al. — the stages of a tie, ending with implementation and the evaluation of each activity.
lit-ikn = Opinion article on the IKN–Astana sister-capital tie (siaran-berita.com, n.d.) — roadmaps rarely published, vague indicators, evaluation rarely heard of.
lit-law = Law 23 of 2014 on Regional Government (UU 23/2014, Art. 363 and 367); Government Regulation 28 of 2018 on Regional Cooperation (PP 28/2018); Minister of Home Affairs Regulation 25 of 2020 on the Procedure for Regional Cooperation with Foreign Local Governments and with Foreign Institutions (Permendagri 25/2020); Law 14 of 2008 on Public Information Disclosure (UU 14/2008).

home-attention = Ties that need attention
home-ceremonial = Ceremonial ties
home-expiring = Agreements ending in the next 90 days
home-lapsed = Agreements lapsed without renewal
home-latest-reports = Latest evaluation reports
home-no-reports = No evaluation report has been published yet.
home-none = None at present.
home-see-list = See them in the tie list
home-charts = The national picture
home-literature = The literature counts about 47 ties, of which 65% are not carried out well. Measured from the records here instead: { $silent } of { $ties } ties show no published sign of activity in the last 36 months.
chart-table = Show the figures as a table
chart-agreement-status = Ties by agreement status
chart-agreement-status-desc = Number of ties in each computed agreement status, from their agreements and today’s date.
chart-activity-status = Ties by activity status
chart-activity-status-desc = Number of ties that are active, dormant or silent, from their published dated activities and milestones met.
chart-grade = Ties by transparency grade
chart-grade-desc = Number of ties in each transparency grade, A (best) to E.
chart-decades = Ties by decade of their first agreement
chart-decades-desc = { $undated ->
    [one] Number of ties by the decade their first agreement on record was signed; { $undated } tie has no dated agreement on record.
   *[other] Number of ties by the decade their first agreement on record was signed; { $undated } ties have no dated agreement on record.
}
decade = { $decade }s
decade-undated = No dated agreement on record
chart-shares = Roadmaps and recent evaluations
chart-shares-desc = Share of ties with a published roadmap, and with an evaluation covering a period that ended in the last 12 months.
share-roadmap = Ties with a roadmap
share-report = Ties with an evaluation in the last 12 months

map-place-title = Map of the ties of { $place }
map-place-desc = { $count ->
    [one] { $count } partner on a world map, joined by a line coloured by the tie’s agreement status: { $partners }.
   *[other] { $count } partners on a world map, each joined by a line coloured by the tie’s agreement status: { $partners }.
}
map-table-note = The table below lists the same ties.
map-home-title = Indonesian places with sister-city ties
map-home-desc = Each Indonesian place is a circle, larger for more ties and coloured by the average transparency grade of its ties. The list below gives the same figures.
map-home-legend = Circle size: number of ties; colour: average grade of the place's ties.

procedure-chain-desc = { $on } of the { $all } steps of the procedure are on record; filled circles are steps on record, numbered as in the list below.
timeline-title = Timeline
timeline-desc = { $count ->
    [one] { $count } dated event
   *[other] { $count } dated events
} of this tie on one time axis: procedure steps, agreements and their ends, milestones, activities and reports, with today marked.
timeline-today = today, { $date }
timeline-empty = No dated event is on record.
timeline-lane-procedure = Procedure
timeline-lane-agreements = Agreements
timeline-lane-milestones = Milestones
timeline-lane-activities = Activities
timeline-lane-reports = Reports
timeline-signed = { $kind } signed { $date }
timeline-ends = { $kind } ends { $date }
col-date = Date
col-lane = Kind
col-event = Event
step-from-agreement = shown by the { $kind } on record

# Methodology v2 (issue 12): agreement term, reported ends, evaluations by author, changelog.
reason-in-force-open-ended = { $kind } signed { $date }, open-ended term recorded from its text
reason-term-not-recorded = { $kind } signed { $date }: neither an end date nor an open-ended term is recorded
reason-ended-reported = { $source } reports the tie as { $status }, after the latest agreement on record
disagreement = Sources disagree: { $source } reported this tie as “{ $reported }”, while the records here make it “{ $derived }”.
disagreement-label = Sources disagree
rule-agreement-status-term-not-recorded = an MoU is on record but neither its end date nor an open-ended term is: neutral, never counted as in force. The reason names what is missing.
rule-agreement-status-ended-reported = a source dated after the latest agreement reports the tie terminated, lapsed or dormant, and no later agreement is on record; the source is named as the reason.
check-dprd-approval-title = DPRD approval on record
check-dprd-approval-why = Regional cooperation with a foreign local government needs the approval of the regional parliament (PP 28/2018; Permendagri 25/2020); publishing it shows the tie has a democratic mandate.
check-dprd-approval-met = the DPRD approval is on record
check-dprd-approval-not-met = no DPRD approval on record
check-central-approval-title = Central approval on record
check-central-approval-why = The central government verifies the plan and the Foreign Minister grants full powers before signing (Permendagri 25/2020); publishing either shows the agreement was signed by the rules.
check-central-approval-met = the central verification or the full powers are on record
check-central-approval-not-met = neither the central verification nor the full powers are on record
check-self-evaluation-title = Self-evaluation covering the last 12 months
check-self-evaluation-why = The literature asks for clear goals reviewed every year; a region's own report is a first step, but it is not independent.
check-independent-evaluation-title = Independent evaluation covering the last 12 months
check-independent-evaluation-why = Officials' own reports are not independent: an evaluation by someone outside the region's government earns its own points.
check-evaluation-met = the period covered ends { $date }
check-evaluation-old = the latest period covered ended { $date }, more than 12 months ago
check-evaluation-no-period = a report published { $date } records no period it covers
check-evaluation-none = no such report published
report-role = Role
report-role-self = Self-evaluation (by the regional government)
report-role-independent = Independent evaluation
report-author = Author
methodology-versions = Versions and changelog
methodology-versions-intro = Every judgement on the site, and every export and API answer, carries the version of the rules that produced it. Judgements are computed afresh on every request, so a new version applies to every tie at once.
changelog-v1 = First published rules: an MoU with no end date counted as in force; a report counted as a sign of activity and, by its publication date, as an evaluation in the last 12 months. Eight checks: agreement text 15, in force 10, roadmap 20, milestone 10, any evaluation 20, activity 10, participation 10, cost (activity or roadmap budget) 5; grade A from 85.
changelog-v2 = An agreement is in force only with a recorded end date not yet past or an open-ended term recorded from its text; otherwise its status is “term not recorded”. A source dated after the latest agreement that reports the tie ended makes it “ended (reported)”, and a disagreement between a source and the computed status is stated in words. Only dated activities and milestones met count as activity. An evaluation counts from the end of the period it covers. Points were rebalanced so that no single saved form can add more than 20 points (self-evaluation 10 and independent evaluation 10; agreement text 10 and in force 10; DPRD approval 10 and central approval 10 for the procedure; roadmap 10 and milestone 10; activity 10, participation 5, cost 5) and grade A starts at 90, so one form moves a tie by one grade at most. Why: on the site a tie was shown “in force” beside a source reporting it terminated, and one official's report moved a tie from grade E to A in minutes.
methodology-single-form = No single saved form can add more than { $points } points, and every grade band below A is at least 20 points wide: one form moves a tie by one grade at most.
agreement-untitled = Untitled agreement
agreement-document = Open the document
agreement-document-meta = PDF, { $size }
