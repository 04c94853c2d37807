"""Which job seekers' profiles fit an approved småjob: wished-for job, area and hours available."""
from __future__ import annotations

from typing import Any, Dict, Optional

from bot.rules.profile import matches_wished_job


def same_area(postcode_a: Optional[str], postcode_b: Optional[str]) -> bool:
    """Danish postcodes share their first two digits within roughly one area (2100 and 2150 both
    Copenhagen, 4200 and 4220 both around Slagelse)."""
    return bool(postcode_a and postcode_b and str(postcode_a)[:2] == str(postcode_b)[:2])


def fits_vacancy(profile: Dict[str, Any], vacancy: Dict[str, Any]) -> bool:
    """A profile fits when a wished-for job matches the title, the preferred area is the job's, and
    the citizen has at least the job's hours a week (or has not said how many)."""
    if not matches_wished_job(profile, vacancy["job_title"]):
        return False
    if not same_area(profile.get("postcode"), vacancy.get("postcode")):
        return False
    hours = profile.get("hours_per_week")
    return hours is None or float(hours) >= float(vacancy["hours_per_week"])
