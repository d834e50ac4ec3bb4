"""The owner's reports screen: the monthly dashboard, its charts and drill-down."""
