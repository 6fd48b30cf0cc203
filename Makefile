# Digitallotse – the commands a newcomer needs (see README.md).
.PHONY: run shell test test-scale soak bench bench-smoke eval train setup lock clean

run:    ## set up, train when needed, start action server + Rasa server (REST)
	@bot/run.sh

shell:  ## the same, but chat in the terminal with `rasa shell`
	@bot/shell.sh

test:   ## the whole test suite (what CI runs)
	@bot/test.sh

test-scale:  ## only the production setup on loopback: PostgreSQL, Redis, nginx, two Rasa servers, faults
	@bot/test_scale.sh

soak:   ## soak run: 32 conversations × 20 turns through nginx into two Rasa servers (reports/soak.md)
	@bot/setup.sh && . bot/env.sh && python -m bot.soak

bench:  ## benchmark: training, start, memory, parse, turn latency, load – project vs. Rasa's default config (reports/bench.md)
	@bot/setup.sh && . bot/env.sh && python -m bot.bench $(BENCH_ARGS)

bench-smoke:  ## the benchmark in seconds against running servers (make run; RASA_PORT); checks only that it runs
	@. bot/env.sh && python -m bot.bench --smoke --url "http://127.0.0.1:$${RASA_PORT:-5005}" $(BENCH_ARGS)

eval:   ## NLU and search quality side by side (baseline, sparse DIET, dense DIET): reports/eval.md
	@bot/setup.sh && . bot/env.sh && python -m bot.evaluation

train:  ## train the model (only when data, config or pipeline changed)
	@bot/setup.sh && . bot/env.sh && python -m bot.train

setup:  ## only install: .venv, dependencies, spaCy pipeline, knowledge check
	@bot/setup.sh

lock:   ## rewrite constraints.txt from the current .venv (after changing requirements.txt)
	@{ echo "# Full lock of every package in the virtual environment (pip constraints)."; \
	   echo "# Regenerate with: make lock"; \
	   .venv/bin/python -m pip list --format=freeze --exclude-editable | grep -vE "^(pip|setuptools|wheel)=="; } > constraints.txt

clean:  ## remove build outputs and trained models (keeps .venv)
	rm -rf build models results .rasa
