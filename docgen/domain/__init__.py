"""The plan's vocabulary as types: values as Excel showed them, one frozen record
per input row, the validated workbook (PlanData), and risk scoring as pure
functions. Every stage speaks these words; this package imports no stage."""
