# Suggestions from the public and the moderation queue (issue 17).
role-editor = Editor
forbidden-role-editor = Editors review the public's suggestions and may change the data of every tie.
forbidden-moderation = Only editors and administrators may open the moderation queue.
dashboard-intro-editor = Every tie, with what it still owes the public. Suggestions from the public wait in the moderation queue.
nav-moderation = Moderation queue

suggest-link-tie = Suggest a correction or add evidence
suggest-link-tie-help = Found something wrong, or a source we have not recorded? Send it to us; no account needed.
suggest-link-missing = Tell us about a tie we don't have
suggest-title-tie = Suggest a correction or add evidence
suggest-title-missing = Tell us about a tie we don't have
suggest-explainer = An editor checks your suggestion before the data changes. Include a source that can be checked: a link or a PDF.
suggest-fix-errors = Your suggestion has not been sent yet. Check the fields marked below.
suggest-body-tie = What is wrong or missing?
suggest-body-missing = Which tie is missing? Name both places and, if you know it, when it was signed.
suggest-body-help = At most { $max } characters.
suggest-source-url = Source address
suggest-source-help = A news report, official document or regional government page that says this. Give a source address or attach a PDF.
suggest-document = Or attach a PDF document (up to 20 MB)
suggest-contact = Contact for follow-up (optional)
suggest-contact-help = Only editors see your name and email, if they need to ask you something. They are never shown, exported or put in the history, and are deleted 90 days after the decision on your suggestion.
suggest-contact-name = Name
suggest-contact-email = Email
suggest-honeypot = Leave this field empty
suggest-consent = I agree that the suggestion and its source may be published if accepted; my name and email stay private.
suggest-send = Send suggestion
suggest-back = Back

suggest-error-honeypot = The suggestion was not accepted because the form was filled in automatically. If you are a person, reload this page and send it again.
suggest-error-too-fast = The form was sent too soon after it was opened. Read your entry again, wait a few seconds, then send it.
suggest-error-stale = This form has expired. What you wrote is still below; send it once more.
suggest-error-address-limit = Five suggestions have already come from your address in the last hour. Please try again in an hour; what you wrote is still below.
suggest-error-tie-limit = This tie has received many suggestions in the last hour. Please try again later; what you wrote is still below.
suggest-error-source = Give a source address or attach a PDF.
suggest-error-email = Write a complete email address, for example name@example.org.
suggest-error-consent = Tick this box to send the suggestion.
suggest-error-reason = Choose a reason for rejecting from the list.

flash-suggestion-sent = Thank you, we have received your suggestion. Keep this page's address to follow what happens to it.
flash-suggestion-accepted = Suggestion accepted. Make the change with the forms below; the reason will cite this suggestion.
flash-suggestion-decided = The decision on the suggestion was saved.
flash-suggestion-stale = Another editor has already decided on this suggestion.

suggestion-title = Public suggestion #{ $id }
suggestion-status-explainer = Only the private link you were given opens this page. Do not share it.
suggestion-state = State
suggestion-about = About
suggestion-sent = Sent
suggestion-text = Suggestion
suggestion-status-pending = Waiting for review
suggestion-status-accepted = Accepted
suggestion-status-rejected = Rejected
suggestion-status-spam = Spam
suggestion-accepted-note = an editor accepted this suggestion and updated the data from its source.
suggestion-new-tie = A tie not yet recorded
suggestion-reason = Based on public suggestion #{ $id }; source: { $source }

reject-reason-no-source = The source could not be checked
reject-reason-source-disagrees = The source does not support the suggestion
reject-reason-already-recorded = Already recorded
reject-reason-out-of-scope = Outside the site's scope
reject-reason-other = Other reason

moderation-title = Moderation queue
moderation-explainer = Suggestions from the public waiting for a decision, oldest first. Senders' names and emails are for follow-up only and must never be published.
moderation-empty = No suggestions are waiting.
moderation-contact = Sender's contact
moderation-document = Download the attached PDF
moderation-duplicates = Other suggestions about the same tie
moderation-accept = Accept and change the data
moderation-reason = Reason for rejecting
moderation-note = Note for the sender
moderation-reject = Reject
moderation-spam = Mark as spam

suggestion-credit = Improved with help from the public: { $count ->
    [1] 1 suggestion
   *[other] { $count } suggestions
}
history-suggestions = Accepted public suggestions
dashboard-suggestions = Suggestions from the public about your places waiting for moderation

# Changing one's own password.
nav-password = Change password
password-title = Change password
password-explainer = Enter your current password, then the new one twice. Your sessions on other devices will end.
password-current = Current password
password-new = New password (at least 12 characters)
password-again = New password again
password-save = Save the new password
password-wrong-current = The current password does not match.
password-mismatch = The two new passwords differ.
flash-password-changed = Password changed. Sessions on other devices have ended.
