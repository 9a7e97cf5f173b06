"""Occupation recommendation: a CV or an ad -> ranked ESCO occupations, with its index, ingredients, tuning and skills gap."""
