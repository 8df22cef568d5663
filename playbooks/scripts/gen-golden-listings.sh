#!/bin/sh
# Regenerates tests/fixtures/listing.*.txt with the real ansible-playbook (ansible-core must be
# on PATH, e.g. a venv with `pip install ansible-core`).
set -eu
cd "$(dirname "$0")/../tests/fixtures"
export ANSIBLE_ROLES_PATH=../../examples/roles ANSIBLE_NOCOLOR=1
ansible-playbook -i inventory.yml listing.yml --list-tasks > listing.list-tasks.txt
ansible-playbook -i inventory.yml listing.yml --list-tasks --tags x,app > listing.list-tasks-x-app.txt
ansible-playbook -i inventory.yml listing.yml --list-hosts --limit 'web01,db02' > listing.list-hosts.txt
