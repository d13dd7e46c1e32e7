# Controlled vocabularies (English). Keys must match locales/id/vocab.ftl.

## Fields of cooperation

field-agriculture = Agriculture
field-business = Business
field-business-incubation = Business incubation
field-capacity-building = Capacity building
field-creative-economy = Creative economy
field-culture = Culture and the arts
field-disaster-management = Disaster management
field-e-government = E-government
field-economy = Economy
field-education = Education
field-energy = Energy
field-environment = Environment
field-finance = Finance
field-governance = Governance and administration
field-health = Health
field-heritage = Heritage
field-housing = Housing
field-ict = Information and communication technology (ICT)
field-industry = Industry
field-information-systems = Information systems
field-infrastructure = Infrastructure
field-investment = Investment
field-livestock = Livestock farming
field-maritime = Maritime affairs
field-msme = Micro, small and medium enterprises (MSMEs)
field-music = Music
field-port = Ports
field-research = Research
field-rural-development = Rural development
field-science = Science
field-smart-city = Smart city
field-social = Social affairs
field-sport = Sport
field-technology = Technology
field-tourism = Tourism
field-trade = Trade
field-transport = Transport
field-urban-development = Urban development
field-urban-management = Urban management
field-urban-planning = Urban planning
field-vocational-training = Vocational training
field-waste-management = Waste management
field-water = Water resources
field-youth = Youth

## Failure and success factors

factor-weak-communication = Weak communication between partners
factor-low-capacity = Low local-government staff capacity
factor-no-central-support = Little support from central government
factor-no-community-involvement = Residents not involved
factor-elitist = Dominated by officials (elitist)
factor-policy-change = Policy change on either side
factor-global-policy = Global-level policy (One China)
factor-central-government-dominance = Central government dominates, regions lack authority
factor-covid-19 = Covid-19 pandemic
factor-online-only = Activities held online only
factor-time-difference = Time-zone difference
factor-leadership-change = Change of head of region
factor-weak-leadership = Weak leadership by the head of region
factor-budget = Limited or poorly planned budget
factor-no-follow-up = No follow-up after signing
factor-no-results = No visible results
factor-no-mou-compliance = MoU not complied with
factor-mou-not-renewed = Agreement not renewed when due
factor-short-term-agreement = Agreement term too short
factor-implementation-delay = Planned programmes delayed
factor-weak-agreement-text = Weak agreement text
factor-low-motivation = Low motivation of the local government
factor-passive-local-government = Indonesian local government passive
factor-one-sided = Only the partner side active
factor-partner-unresponsive = Foreign partner unresponsive
factor-no-facilitator = No third-party facilitator
factor-partner-choice = Poorly chosen partner or diverging goals
factor-differing-interests = The two cities pursue different interests
factor-elite-interests = Driven by elite interests
factor-unintegrated-systems = Systems of both sides not integrated
factor-market-competition = Product lost out to competitors
factor-investor-competition = Both cities compete for investors
factor-political-differences = Different political systems
factor-political-uncertainty = Uncertain national politics and budgets
factor-global-crisis = Global economic crisis
factor-infrastructure-deficit = Shortfall in local infrastructure
factor-no-overseas-office = No regional office in partner country
factor-no-international-participation = No part in international events
factor-no-roadmap = No published operational roadmap
factor-vague-indicators = Vague success indicators
factor-no-evaluation = Little or no evaluation
factor-weak-reporting = Weak reporting system
factor-low-transparency = Implementation not transparent
factor-bureaucratic-structure = Unsupportive bureaucratic structure
factor-language-barrier = Language barrier
factor-distance = Geographical distance
factor-success-action-plan = Action plan adopted with the MoU
factor-success-multi-stakeholder = Government, academia and civil society involved
factor-success-civil-society-association = Citizens' sister-city association carries the tie
factor-success-business-links = Existing business links
factor-success-leader-commitment = Personal commitment of both heads of region
factor-success-regular-renewal = Renewed regularly every five years

## Countries (ISO 3166-1 alpha-2)

country-AT = Austria
country-AU = Australia
country-BG = Bulgaria
country-CN = China
country-CU = Cuba
country-CZ = Czechia
country-DE = Germany
country-EC = Ecuador
country-EG = Egypt
country-FR = France
country-GB = United Kingdom
country-HR = Croatia
country-HU = Hungary
country-ID = Indonesia
country-IT = Italy
country-JP = Japan
country-KH = Cambodia
country-KP = North Korea
country-KR = South Korea
country-KZ = Kazakhstan
country-MA = Morocco
country-MY = Malaysia
country-MZ = Mozambique
country-NL = Netherlands
country-PH = Philippines
country-PK = Pakistan
country-PL = Poland
country-PS = Palestine
country-RU = Russia
country-SA = Saudi Arabia
country-TH = Thailand
country-TR = Turkey
country-TW = Taiwan
country-UA = Ukraine
country-US = United States
country-VN = Vietnam
country-ZA = South Africa

## Place kinds

place-kind-city = City
place-kind-regency = Regency
place-kind-province = Province
place-kind-capital-region = Capital region
place-kind-organisation = Organisation

## Tie kinds

tie-kind-sister-city = Sister city
tie-kind-sister-province = Sister province
tie-kind-friendship-city = Friendship city
tie-kind-other = Other cooperation

## Agreement kinds

agreement-kind-loi = Letter of Intent (LoI)
agreement-kind-mou = Memorandum of Understanding (MoU)
agreement-kind-implementing = Cooperation agreement (PKS)
agreement-kind-renewal = Renewal
agreement-kind-amendment = Addendum
agreement-kind-termination = Termination
agreement-kind-other = Other document

## Reported status (as reported by a source at its own date)

reported-status-active = Active
reported-status-dormant = Dormant
reported-status-expired = Lapsed
reported-status-terminated = Terminated
reported-status-proposed = Proposed
reported-status-unknown = Unknown

## Agreement and activity status (computed by Pantau)

agreement-status-proposed = Proposed
agreement-status-in-force = In force
agreement-status-expiring = Expiring
agreement-status-lapsed = Lapsed
agreement-status-terminated = Terminated
agreement-status-unknown = Unknown
activity-status-active = Active
activity-status-dormant = Dormant
activity-status-silent = Silent

## Procedure steps and the document each produces

step-exploration = Exploration
step-exploration-doc = Feasibility study
step-loi = Letter of Intent (LoI)
step-loi-doc = Signed Letter of Intent
step-cooperation-plan = Cooperation plan (RKS)
step-cooperation-plan-doc = Terms of reference and plan of action
step-home-affairs-consideration = Opinion of the Ministry of Home Affairs
step-home-affairs-consideration-doc = Letter of opinion from the Minister of Home Affairs
step-dprd-approval = Regional parliament (DPRD) approval
step-dprd-approval-doc = DPRD decision
step-central-verification = Central government verification
step-central-verification-doc = Letters of approval
step-draft-agreement = Draft agreement
step-draft-agreement-doc = Initialled draft
step-full-powers = Full powers
step-full-powers-doc = Letter of full powers from the Foreign Minister
step-signing = Signing
step-signing-doc = Signed MoU or agreement
step-deposit = Deposit of the original
step-deposit-doc = Original kept by the Foreign Ministry, certified copies to the region and the Ministry of Home Affairs
step-implementation = Implementation, monitoring and evaluation
step-implementation-doc = Activities and evaluation reports

## Milestone status

milestone-status-planned = Planned
milestone-status-in-progress = In progress
milestone-status-done = Done
milestone-status-missed = Missed

## Activity kinds

activity-kind-visit = Visit
activity-kind-exchange = Exchange
activity-kind-event = Event
activity-kind-training = Training
activity-kind-project = Project
activity-kind-other = Other

## Participant sectors

sector-government = Government
sector-business = Business
sector-academia = Academia
sector-community = Community
sector-youth = Youth

## Success indicators (Tjandradewi & Marcotullio 2009)

indicator-commitment = Commitment of both sides
indicator-commitment-help = Both heads of region and their administrations actively carry the tie and give it staff and budget.
indicator-participation = Participation and response
indicator-participation-help = Each partner responds to the other, and residents, businesses and academics take part in the activities.
indicator-mou = MoU in place
indicator-mou-help = A Memorandum of Understanding in force sets out the goals, fields and term of the cooperation.
indicator-benefit = Mutual benefit
indicator-benefit-help = Both sides, not just one, gain from the cooperation.
indicator-results = Visible results
indicator-results-help = The tie has produced concrete outcomes that the public can see and check.

## Ratings of the success indicators

rating-0 = 0 – absent
rating-1 = 1 – weak
rating-2 = 2 – adequate
rating-3 = 3 – strong

# Methodology v2 statuses (issue 12).
agreement-status-ended-reported = Ended (reported)
agreement-status-term-not-recorded = Term not recorded

## #16: partner countries of the added ties
country-AS = American Samoa
country-IN = India
country-KE = Kenya
country-LB = Lebanon
country-MX = Mexico
country-NP = Nepal
country-SG = Singapore
country-UZ = Uzbekistan
country-CD = Democratic Republic of the Congo
country-PG = Papua New Guinea
