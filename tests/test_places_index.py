from newsledger.places.index import load_place_index


def test_every_country_of_the_gazetteer_has_its_capital():
    capitals = load_place_index().capitals
    assert len(capitals) >= 190
    assert (capitals["LBN"].name, capitals["LBN"].precision) == ("Beirut", "exact")
    assert capitals["SDN"].name == "Khartoum" and capitals["UKR"].name == "Kyiv"
    assert all(place.country == country and place.lat is not None for country, place in capitals.items())
