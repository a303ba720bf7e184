"""Helpers the tests share: apps made from a template, data factories, the run's database."""
