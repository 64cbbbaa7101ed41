from newsledger.places.index import load_place_index


def test_every_country_of_the_gazetteer_has_its_capital():
    capitals = load_place_index().capitals
    assert len(capitals) >= 190
    assert (capitals["LBN"].name, capitals["LBN"].precision) == ("Beirut", "exact")
    assert capitals["SDN"].name == "Khartoum" and capitals["UKR"].name == "Kyiv"
    assert all(place.country == country and place.lat is not None for country, place in capitals.items())


def test_arabic_names_read_alike_with_or_without_their_final_h(tmp_path):
    # "Hawija" and GeoNames' "Al Hawijah": the ta marbuta is written both ways, in Arabic-named countries only.
    header = "geonameid\tname\tasciiname\talternates\tcountry\tadmin1\tlat\tlon\tpopulation\tfeature\tcommon\tsource\n"
    rows = ["1\tAl Ḩawījah\tAl Hawijah\t\tIRQ\t10\t35.33\t43.77\t0\tvillage\t\tGeoNames (CC BY 4.0)",
            "2\tSavannah\t\t\tUSA\tGA\t32.08\t-81.10\t150000\tcity\t\tGeoNames (CC BY 4.0)"]
    extract = tmp_path / "extract.tsv"
    extract.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    index = load_place_index(extract)
    assert [site.geonameid for site in index.lookup("hawija")] == [1]
    assert [site.geonameid for site in index.lookup("al hawija")] == [1]
    assert index.lookup("savanna") == ()
