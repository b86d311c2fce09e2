"""The channel registries refuse a name registered twice, at import."""

import pytest

from app.councils.offerings import OFFERINGS, Offering, register_offering
from app.councils.offerings.base import DuplicateOffering
from app.personal_data import PROVIDERS, PersonalDataProvider, register_provider
from app.personal_data.base import DuplicateProvider


def test_an_offering_name_used_twice_fails():
    with pytest.raises(DuplicateOffering):
        @register_offering
        class AnotherSurveys(Offering):
            name = "surveys"
    assert type(OFFERINGS["surveys"]).__name__ == "OpenSurveys"


def test_a_provider_name_used_twice_fails():
    @register_provider
    class First(PersonalDataProvider):
        name = "test-duplicate"
    try:
        with pytest.raises(DuplicateProvider):
            @register_provider
            class Second(PersonalDataProvider):
                name = "test-duplicate"
    finally:
        PROVIDERS.pop("test-duplicate")


def test_a_provider_without_a_name_fails():
    with pytest.raises(ValueError):
        @register_provider
        class Nameless(PersonalDataProvider):
            pass
