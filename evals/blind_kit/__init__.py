"""The folder a blind writer is given: the documents' text, the case format, the schema, the
section ids and pages (no owners), and a validator. Nothing of the engine, the dev set or the
engine's output goes in (evals/DATASET.md, "Who writes blind cases")."""
