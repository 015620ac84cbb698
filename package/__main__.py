from incident_review.cli.main import main

main()
