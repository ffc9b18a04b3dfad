"""SFT + DPO trainer for backtracking data sets (contract: /work/briefs/trainer-contract.md, docs/trainer.md)."""
