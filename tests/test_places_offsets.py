import pytest

from newsledger.places.index import distance_km
from newsledger.places.offsets import offset_place
from newsledger.records import Place

FADA = Place("Fada N'gourma", "BFA", 12.06, 0.36, 2444183, "exact")


@pytest.mark.parametrize(("words", "km", "lat_sign", "lon_sign"), [
    ("a bomb hit a convoy about 30 km south of ", 30, -1, 0),
    ("gunmen struck 20 miles north-east of the town of ", 32.2, 1, 1),
    ("fighting some 15 kilometres (9 miles) west of ", 15, 0, -1),
])
def test_a_distance_and_direction_move_the_point(words, km, lat_sign, lon_sign):
    text = words + "Fada N'Gourma on Monday."
    moved = offset_place(text, len(words), FADA)
    assert moved is not None and moved.geonameid is None and "of Fada" in moved.name
    assert distance_km(FADA.lat, FADA.lon, moved.lat, moved.lon) == pytest.approx(km, rel=0.02)
    for sign, delta in ((lat_sign, moved.lat - FADA.lat), (lon_sign, moved.lon - FADA.lon)):
        assert (sign == 0 and abs(delta) < 1e-3) or delta * sign > 0


@pytest.mark.parametrize("words", ["fighting in ", "the region 400 km north of ", "30 km from "])
def test_no_measure_or_a_regional_one_moves_nothing(words):
    assert offset_place(words + "Fada N'Gourma.", len(words), FADA) is None
