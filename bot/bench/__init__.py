"""Benchmark of the Digitallotse stack (``python -m bot.bench``, ``make bench``/``make bench-smoke``).

- ``__main__``: command line, phases, the full run and the smoke run;
- ``load``: HTTP client, closed-loop and open-loop load, percentiles (no Rasa import);
- ``report``: table (terminal, Markdown) and JSON;
- ``servers``: the bench's own action and Rasa servers (built on bot.stack);
- ``training``: which model to serve, timed cold training and retraining after an NLU change;
- ``default_config.yml``: Rasa 3.6's default configuration, the comparison row.
"""
