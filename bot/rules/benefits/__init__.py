"""The benefits journey's rules: the answer articles (answers), the dated rates they quote (rates), the
calculators (calculators) and how a question finds its topic (questions)."""
