"""What the installed Practice Desk runs: the frozen bundle starts here."""

from practice_desk.app import main

raise SystemExit(main())
