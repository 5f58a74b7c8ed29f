"""Every write of the reporting app: progress reports and their due dates (`reports`), and
public listings with the agency's consent (`listings`)."""
