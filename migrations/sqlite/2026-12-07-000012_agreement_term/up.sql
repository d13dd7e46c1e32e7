-- Methodology v2: an agreement's term as the official took it from the document's text
-- (open-ended, i.e. no end date by design) and the stored document's size for the agreement card.
ALTER TABLE agreements ADD COLUMN open_ended BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE agreements ADD COLUMN document_size INTEGER;
UPDATE agreements SET document_size = length(document) WHERE document IS NOT NULL;
