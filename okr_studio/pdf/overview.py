def overview_story(data, tm, log, width, height, *, units):
    return []
