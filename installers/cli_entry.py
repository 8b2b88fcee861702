"""What the installed practice-desk-cli runs: the frozen bundle starts here."""

from practice_desk.cli import main

raise SystemExit(main())
