# The place list split by province and by country (issue 15).
places-by-province-first = Provinces, regencies and cities by their Ministry of Home Affairs code, grouped by province. This page shows the places with a tie on record; the link in each province opens all its places.
places-province-all = All { $count } places in { $province }
places-by-country = Partner places grouped by country or territory; choose one to see its places.
places-back = All places
col-places = Partner places
