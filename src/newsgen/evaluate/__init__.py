"""Scoring extraction against an answer key (seeds-gold.yaml) and the NER dev split."""
