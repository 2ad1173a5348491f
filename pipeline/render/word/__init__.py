"""Writing Word documents in a designer's template: shared by the guide and the worksheets."""
