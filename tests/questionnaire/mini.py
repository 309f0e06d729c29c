"""A small questionnaire for tests, and where the shipped ones live."""

from pathlib import Path

from screening.questionnaire.loader import questionnaire_files

PROJECT = Path(__file__).resolve().parents[2]
SHIPPED = questionnaire_files(PROJECT / "questionnaires")  # not the messages or the schedule
DEFAULT = PROJECT / "questionnaires" / "skrining-petugas-pemilu.v1.yaml"
CONTEXT = {"polling_day": "2029-02-14", "sex": "L", "birth_date": "1990-01-01"}

MINI = """\
id: mini
version: 1
language: id
title: Mini
disclaimer: Ini skrining, bukan diagnosis.
references:
  - {id: sumber, citation: Sumber uji}
sections:
  - id: satu
    title: Bagian satu
    items:
      - id: berat
        type: number
        label: Berat badan?
        short: Berat
        unit: kg
        decimals: 1
        min: 20
        max: 200
        plausible: [35, 150]
        allow_unknown: true
      - id: merokok
        type: yes_no
        label: Merokok?
      - id: batang
        type: number
        label: Berapa batang sehari?
        min: 1
        max: 100
        show_if: {item: merokok, equals: ya}
  - id: dua
    title: Bagian dua
    show_if: {item: merokok, equals: ya}
    items:
      - id: berhenti
        type: yes_no_unknown
        label: Ingin berhenti?
scores:
  - id: skor
    title: Skor uji
    reference: sumber
    range: [0, 3]
    parts:
      - id: berat
        value: berat
        bands:
          - {below: 80, points: 0}
          - {from: 80, below: 100, points: 1}
          - {from: 100, points: 2}
      - id: merokok
        item: merokok
        points: {ya: 1, tidak: 0}
    bands:
      - {id: rendah, label: rendah, below: 2}
      - {id: tinggi, label: tinggi, from: 2}
conditions:
  - id: uji
    title: Kondisi uji
    scores: [skor]
    rules:
      - level: tinggi
        when: {score: skor, gte: 2}
        reason: Skor 2 atau lebih.
        reference: sumber
    advice: {rendah: Saran rendah., sedang: Saran sedang., tinggi: Saran tinggi.}
referral:
  urgencies:
    - {id: segera, deadline_days: 7, label: Segera, instruction: Ke FKTP dalam 7 hari.}
  rules:
    - {urgency: segera, min_level: tinggi, reference: sumber}
case_defaults:
  context: {polling_day: 2029-02-14, sex: L, birth_date: 1990-01-01}
  answers: {berat: 70, merokok: tidak}
cases:
  - name: rendah
    expect: {scores: {skor: 0}, levels: {uji: rendah}, referral: null}
  - name: tinggi
    answers: {berat: 100, merokok: ya, batang: 5, berhenti: ya}
    expect: {scores: {skor: 3}, levels: {uji: tinggi}, referral: segera}
"""
