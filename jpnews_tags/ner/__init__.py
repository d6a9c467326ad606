"""Stage 3, entities: gazetteer matches, numbers and dates, ambiguity rules, discovery of new names, salience."""
