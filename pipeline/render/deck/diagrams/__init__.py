"""Diagrams as native, editable PowerPoint shapes: one module per diagram.

Each diagram is one group: a person can ungroup it in PowerPoint and edit every box. The group
carries alt text naming what it shows. Colours are the template's theme colours, and text on a
filled shape is white or dark, whichever contrasts more with that fill in this template.
Labels in one diagram share one font size, fitted to the tightest box.

A diagram is a function `draw(canvas, slide, box, malform)` that draws the slide's first list in
`box`; `pipeline.render.deck.kinds` makes it a slide kind.
"""
