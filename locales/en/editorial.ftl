# Editorial pages (places, ties, merges), account administration, reset links and sessions (issue 17).
forbidden-editorial = Only editors and administrators may add or change places and ties.
nav-sessions = Sessions
nav-editorial = Places and ties

editorial-title = Places and ties
editorial-explainer = Add a place or a tie that is missing, correct a place's details, or merge two places that are the same. Every change needs a reason and shows in the place's or tie's history.
editorial-new-place-title = Add a place
editorial-new-tie-title = Add a tie
editorial-find-title = Edit or merge a place
editorial-find-label = Place
editorial-find-help = Its name as written on the site, or its slug (the last part of its address, such as surabaya or liverpool-gb).
editorial-find-button = Open the place's form
editorial-edit-link = Edit this place
editorial-merge-link = Merge another place into this one

editorial-place-explainer = A place is public as soon as it is saved. Its address is made from its name and does not change later.
editorial-edit-place-title = Edit the place { $name }
editorial-save = Save the place
editorial-name = Name (Indonesian)
editorial-name-en = Name in English
editorial-name-en-help = Only when English writes it differently (Moscow beside Moskwa); leave empty otherwise.
editorial-kind = Kind of place
editorial-country = Country code
editorial-country-help = Two letters (ISO 3166-1): ID for Indonesia, JP for Japan, GB for the United Kingdom.
editorial-province = Province
editorial-province-help = For an Indonesian regency or city.
editorial-province-none = — none —
editorial-code = Kemendagri region code
editorial-code-help = Required for an Indonesian province (35), regency or city (35.78); it must begin with the province's code.
editorial-lat = Latitude
editorial-lat-help = Decimal degrees, negative south of the equator (-7.25).
editorial-lon = Longitude
editorial-lon-help = Decimal degrees, negative west of Greenwich (112.75).
editorial-alt-names = Alternative names and spellings
editorial-alt-names-help = One per line (Jogja, Yogya). Search finds the place by them.
editorial-ppid-title = Information officer (PPID)
editorial-ppid-help = The region's information and documentation officer under Law 14 of 2008 on Public Information Disclosure, whom readers may ask for documents. Leave empty when unknown.
editorial-ppid-name = Office or officer
editorial-ppid-email = E-mail
editorial-ppid-phone = Telephone
editorial-ppid-url = Web page
editorial-reason = Reason for the change
editorial-reason-help = What you changed and on what source; shown in the public history.
editorial-slug = Address (slug)
editorial-merged = Merged place
place-ppid-explainer = To request documents about this place's ties, ask its information officer.

editorial-error-country = Write a two-letter country code such as ID or JP.
editorial-error-code = Write the Kemendagri code: two digits for a province (35), two digits, a dot and two digits for a regency or city (35.78).
editorial-error-code-province = The code must begin with the chosen province's code ({ $province }).
editorial-error-province = Choose the province of this regency or city.
editorial-error-code-taken = Another place already has this code.
editorial-error-code-not-region = Only Indonesian provinces, regencies and cities have a Kemendagri code; leave this field empty.
editorial-error-lat = Write a latitude between -90 and 90.
editorial-error-lon = Write a longitude between -180 and 180.
editorial-error-both-coordinates = Give both coordinates, or neither.
editorial-error-alt-names = Give at most 30 alternative names.
editorial-error-phone = Write a telephone number with digits, spaces, +, - and brackets only.
editorial-error-reason = Say what you changed and why.
editorial-error-stale = Someone else changed this in the meantime. Open it again to see their change, then repeat yours.
editorial-error-place = No place has this name or slug. Check the spelling, or add the place first.
editorial-error-place-indonesian = The first place of a tie is the Indonesian one.
editorial-error-same-place = Choose two different places.
editorial-error-tie-exists = A tie between these two places is already on record.
editorial-error-shared-partner = Both places have a tie with { $partner }. Merging would make two ties of the same pair: resolve that first.

editorial-merge-title = Merge a place into { $name }
editorial-merge-explainer = Use this when two records are the same place. The other place's ties, alternative names and accounts move to { $name }; its name becomes an alternative name; its address leads here from now on. This cannot be undone from the site.
editorial-merge-other = The place to merge into this one
editorial-merge-other-help = Its name or slug. It will no longer exist on its own.
editorial-merge-button = Merge the places

editorial-tie-explainer = A tie is public as soon as it is saved; add its agreements and other records on the next page.
editorial-tie-place = Indonesian place
editorial-tie-place-help = Its name or slug (surabaya, Kabupaten Badung).
editorial-tie-partner = Partner place
editorial-tie-partner-help = Its name or slug; add it first if it is not on record.
editorial-tie-kind = Type of tie
editorial-tie-started = Started
editorial-tie-save = Save the tie
editorial-place-history-explainer = Every change to this place's details, newest first, with who made it and why.
revision-action-merge = merged

flash-place-added = The place was added.
flash-place-saved = The place was saved.
flash-places-merged = The places were merged.
flash-tie-added = The tie was added. Record its agreements and other records here.
flash-user-saved = The account's role and places were saved.
flash-user-enabled = The account was enabled again.
flash-reset-link = A reset link was made. Copy it now: it is not shown again.
flash-password-reset = Your new password is saved. Sign in with it.
flash-session-ended = The session was ended.
flash-sessions-ended = Every other session was ended.
flash-suggestion-accepted-tie = Suggestion accepted. Add the tie with the form below; the reason cites the suggestion.

user-sessions-count = { $count ->
    [1] 1 active session
   *[other] { $count } active sessions
}
user-access-title = Role and places
user-access-save = Save role and places
users-error-own-role = You cannot take the administrator role from your own account.
user-password-title = Password
user-reset-explainer = Makes a link with which the account holder chooses a new password. The link works once and for 24 hours; no e-mail is sent, so pass it on yourself. Earlier unused links stop working.
user-reset-button = Make a reset link
user-reset-link-title = Reset link
user-reset-link-explainer = Pass this link on to the account holder by a channel you trust. It is shown only now, works once and expires in 24 hours.
user-enable-explainer = The account is disabled: it cannot sign in.
user-enable = Enable the account
user-disable-explainer = Disabling ends every session of the account at once; it can be enabled again.

reset-title = Choose a new password
reset-explainer = For the account { $email }. The link works once; your sessions on every device end.
reset-gone = This link has expired or was already used. Ask an administrator for a new one.

sessions-title = Your sessions
sessions-explainer = Every device where your account is signed in. A session ends after 2 hours without use or 12 hours in all. End any you do not recognise, and change your password.
sessions-device = Device (browser)
sessions-started = Signed in
sessions-last-seen = Last seen
sessions-actions = Actions
sessions-this-device = this device
sessions-end = End
sessions-end-others = End every other session
sessions-unknown-device = Unknown browser
