from practice_desk.app import main

raise SystemExit(main())
