# Open data: the data licence, feeds' entries, the API page's newer parts.
data-licence = Data: CC BY 4.0
data-licence-title = Licence of the data
data-licence-text = The data (pages, API, exports, the bulk download and feeds) is licensed under Creative Commons Attribution 4.0 International (CC BY 4.0): you may reuse it for any purpose if you cite Pantau Kota Kembar and the original sources. The website's code is licensed separately, under MIT.
feed-kind-reported = reported status
feed-kind-correction = correction
feed-content-agreement = An agreement ({ $what }) of { $tie } was published or changed on { $date }.
feed-content-roadmap = The roadmap "{ $what }" of { $tie } was published or changed on { $date }.
feed-content-activity = The activity "{ $what }" of { $tie } was published or changed on { $date }.
feed-content-report = The evaluation report "{ $what }" on { $tie } was published or changed on { $date }.
feed-content-reported = Sources report the status of { $tie } as: { $what }. Recorded on { $date }.
feed-content-correction = A published record of { $tie } was corrected on { $date }. Reason: { $what }
api-sources = Every source cited (studies, articles, web pages).
api-index = The API's entry point: its lists, its OpenAPI document and the data's licence.
api-conv-caching = Every answer carries an ETag (and Last-Modified where the data says when it changed) and answers 304 Not Modified to a matching conditional request; lists send Link headers (first, prev, next, last) with absolute URLs.
api-conv-params = page and per_page are whole numbers (page from 1, per_page 1–500, default 100) on every list; a parameter a list does not know, or a malformed id, is refused with 400 naming it; missing values are null.
api-datapackage = A Frictionless data package describing every export (columns, types, allowed values, keys and licence):
