"""What changed in the law since 2022: agreements across a change of contract, the
communications to the Ministry of Labour and the derogation from the prevalence of presence."""
