"""Invented states and places shared by the linking tests: nothing in our data files knows them."""

from __future__ import annotations

from newsledger.records import Actor, Place

WESTLAND = Actor("Westland", "state:WLD", "WLD", "GOV")
EASTLAND = Actor("Eastland", "state:ELD", "ELD", "GOV")
RURITANIA = Actor("Ruritania", "state:RUR", "RUR", "GOV")
FREEDONIA = Actor("Freedonia", "state:FRD", "FRD", "GOV")
NORTHTOWN = Place("Northtown", "WLD", 40.1, 45.2, 101, "exact")
STRELSAU = Place("Strelsau", "RUR", 50.1, 14.2, 202, "exact")
