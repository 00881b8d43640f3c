"""Meetings, agenda and the minutes workflow; the public summaries of an alliance.

One module per aggregate: ``meetings`` (list, scheduling, meeting page, invitations, attendance,
calendars, resolutions, OParl export), ``changes`` (move, cancel, agenda edits, invitees'
answers), ``documents`` (files of agenda items), ``minutes``
(drafting to publication, public summaries), ``tasks``, ``press_releases``; ``shared`` holds
the helpers they share. ``urls.py`` names the module of each view.
"""
