"""The facilitator guide: `render.render_guide` and the sections it is written from."""
